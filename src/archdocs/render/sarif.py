"""``archdocs check --format sarif``: findings as SARIF 2.1.0, so GitHub code scanning shows them
on the lines of the pull request. One rule per finding kind; each result at its file and line
relative to the repository root; a fingerprint from the finding's identity (never its line), so a
finding that moves with its code stays the same alert."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence

from archdocs.model import Problem
from archdocs.version import __version__

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: What each kind of finding means (the rule's short description); unknown kinds get their name.
RULES = {
    "cycle": "An import cycle beyond the cycle budget",
    "modules": "The package's module count is outside the plan's target range",
    "plan": "A plan entry does not resolve in the code",
    "contract": "An import breaks an architecture contract",
    "contract-cycle": "Sibling packages import each other in a cycle (acyclic_siblings contract)",
    "contract-exhaustive": "A module is not listed as a layer of an exhaustive layers contract",
    "contract-ignore": "An ignore_imports line of a contract matches no import",
    "contract-missing": "A module a contract names does not exist",
    "stale-baseline": "A baseline entry matches no finding any more (remove it)",
}


def fingerprint(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def to_sarif(findings: Sequence[tuple[Problem, str]], states: Sequence[str] | None = None) -> str:
    """``findings`` are (problem, identity) with the problem's path relative to the repository
    root; repeated identities are numbered in order so that every fingerprint is distinct.
    ``states`` are the ratchet's SARIF ``baselineState`` of each (new, unchanged, absent)."""
    codes = sorted({p.code for p, _ in findings})
    rules = [{"id": code, "name": code.title().replace("-", ""),
              "shortDescription": {"text": RULES.get(code, code)},
              "defaultConfiguration": {"level": "error"}} for code in codes]
    seen: Counter[str] = Counter()
    results = []
    for number, (problem, identity) in enumerate(findings):
        seen[identity] += 1
        location: dict[str, object] = {"artifactLocation": {"uri": problem.path,
                                                            "uriBaseId": "%SRCROOT%"}}
        if problem.line > 0:
            location["region"] = {"startLine": problem.line}
        result: dict[str, object] = {
            "ruleId": problem.code, "ruleIndex": codes.index(problem.code), "level": "error",
            "message": {"text": problem.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"archdocsIdentity/v1":
                                    fingerprint(f"{identity}#{seen[identity]}")},
        }
        if states is not None:
            result["baselineState"] = states[number]
        results.append(result)
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "archdocs", "version": __version__,
                            "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
        "results": results}]}
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False)
