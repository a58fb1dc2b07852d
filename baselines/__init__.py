"""The project's baseline systems, one per module or folder.

The harness finds them through the ``tahalof.systems`` entry points declared in
``pyproject.toml``; nothing here is imported until a system is listed or run.
"""
