"""One module per CLI sub-command (``add_parser`` + ``run``); see :data:`archdocs.cli.COMMANDS`."""
