"""One module per CLI sub-command (``add_parser`` + ``run``); see :data:`archdocs.cli.COMMANDS`.

:data:`SUMMARIES` is what ``archdocs --help`` lists for each command, so that the command line
imports only the module of the command it runs (``migrate`` and ``check`` need LibCST, the
Sphinx side docutils: neither belongs in ``archdocs report``'s start-up). A test checks that each
summary is the help its module registers.
"""

#: Command name → its one-line help (the ``help=`` of its module's ``add_parser``).
SUMMARIES = {
    "report": "architecture report of a source",
    "graph": "import graph of a package",
    "migrations": "old import → new import table (declared, inferred from history, or both)",
    "migrate": "rewrite old imports to new ones (LibCST)",
    "check": "fail (exit 1) when a budget is broken: cycles, module count, deprecated imports, "
             "plan entries",
    "history": "figures at each revision of a git history (tags, refs or a date range)",
    "plan": "every planned move with its status and evidence",
    "diff": "architecture changes between two revisions (a pull-request comment)",
}
