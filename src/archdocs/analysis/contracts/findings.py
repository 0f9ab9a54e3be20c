"""Breaches of contracts as :class:`~archdocs.analysis.checks.Finding` for ``archdocs check``: at
the first import of the chain (``file:line`` in the code), or at the contract's line in its file."""

from __future__ import annotations

from collections.abc import Sequence

from archdocs.analysis.checks import Finding
from archdocs.analysis.contracts.evaluate import check_contracts
from archdocs.analysis.contracts.model import Contract
from archdocs.model import Problem, Snapshot


def contract_findings(contracts: Sequence[Contract], snapshot: Snapshot) -> list[Finding]:
    paths = {m.name: m.path for m in snapshot.modules}
    found = []
    for breach in check_contracts(contracts, snapshot):
        if breach.chain:
            first = breach.chain[0]
            where = (paths[first.importer], first.line)
        else:
            where = (breach.contract.path, breach.line)
        found.append(Finding(Problem(*where, breach.message, breach.code), breach.key))
    return found
