"""The ``evaluate`` command line (:func:`harness.cli.main.main`)."""
