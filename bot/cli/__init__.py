"""The ``libbot`` command line, one module per subcommand."""
