"""What a layers contract's diagram draws (analysis) and its Mermaid text (render): layers top
first, entries side by side, each breaking import one red arrow between the boxes it joins
(dashed when indirect), siblings' rule in the layer's title, containers, and folding of layers
too large to draw module by module."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.contract_cases import CASES, CONTAINED
from tests.helpers.files import write_tree as write

from archdocs.analysis.contracts.evaluate import check_contract
from archdocs.analysis.contracts.layers import LEVEL_BUDGET, LayersDrawing, layers_drawing
from archdocs.analysis.contracts.read import read_contracts
from archdocs.analysis.views import NODE_BUDGET
from archdocs.reading.load import load_snapshot
from archdocs.render.layers import render_layers

GOLDEN = """\
flowchart BT
    subgraph layer_1["layer 1"]
        subgraph entry_1_0["pkg.ui"]
            n_pkg_ui["#95;#95;init#95;#95;"]
            n_pkg_ui_views["views"]
        end
    end
    subgraph layer_2["layer 2"]
        subgraph entry_2_0["pkg.domain"]
            n_pkg_domain["#95;#95;init#95;#95;"]
            n_pkg_domain_model["model"]
            n_pkg_domain_service["service"]
        end
    end
    subgraph layer_3["layer 3"]
        subgraph entry_3_0["pkg.data"]
            n_pkg_data["#95;#95;init#95;#95;"]
            n_pkg_data_repo["repo"]
            n_pkg_data_typed["typed"]
        end
    end
    n_pkg_domain ~~~ n_pkg_ui
    n_pkg_domain_model ~~~ n_pkg_ui
    n_pkg_domain_service ~~~ n_pkg_ui
    n_pkg_domain ~~~ n_pkg_ui_views
    n_pkg_data ~~~ n_pkg_domain
    n_pkg_data_repo ~~~ n_pkg_domain
    n_pkg_data_typed ~~~ n_pkg_domain
    n_pkg_data ~~~ n_pkg_domain_model
    n_pkg_data ~~~ n_pkg_domain_service
    n_pkg_data_repo --> n_pkg_ui_views
    n_pkg_data_typed --> n_pkg_domain_model
    n_pkg_domain_service -.-> n_pkg_ui_views
    classDef archdocs_module fill:#eef3fb,stroke:#4a6fa5,color:#1b2a3a
    class n_pkg_ui,n_pkg_ui_views,n_pkg_domain,n_pkg_domain_model,n_pkg_domain_service,\
n_pkg_data,n_pkg_data_repo,n_pkg_data_typed archdocs_module
    linkStyle 9,10,11 stroke:#c0392b,stroke-width:2px,color:#c0392b
    click n_pkg_ui_views href "ui/views.html" "pkg.ui.views"
"""


def drawings(root: Path, tree: dict[str, str], config: str) -> list[LayersDrawing]:
    write(root, {**tree, ".importlinter": config})
    snapshot = load_snapshot(str(root))
    contracts, problems = read_contracts(str(root / ".importlinter"))
    assert not problems
    found = []
    for contract in contracts:
        drawing = layers_drawing(contract, snapshot, check_contract(contract, snapshot))
        assert drawing is not None
        found.append(drawing)
    return found


def test_layers_golden(tmp_path: Path) -> None:
    (drawing,) = drawings(tmp_path, *CASES["layers"])
    assert [level.number for level in drawing.levels] == [1, 2, 3]
    # one arrow per pair of boxes, from the importer (lower) to the imported (higher)
    assert [(v.importer, v.target, v.indirect) for v in drawing.violations] == [
        ("pkg.data.repo", "pkg.ui.views", False),
        ("pkg.data.typed", "pkg.domain.model", False),
        ("pkg.domain.service", "pkg.ui.views", True),  # through pkg.helpers, outside the layers
    ]
    assert render_layers(drawing, {"pkg.ui.views": "ui/views.html"}) == GOLDEN


def test_siblings_and_containers(tmp_path: Path) -> None:
    independent, together = drawings(tmp_path, CONTAINED, CASES["layers-containers"][1])
    # each layer holds its entry in every container, side by side
    assert [[e.name for e in level.entries] for level in independent.levels] == [
        ["shop.orders.api", "shop.users.api"],
        ["shop.orders.logic", "shop.orders.helpers", "shop.users.logic"],
        ["shop.orders.db", "shop.users.db"],
    ]
    text = render_layers(independent)
    assert 'subgraph layer_1["layer 1"]' in text  # one module per container: no siblings
    assert 'subgraph layer_2["layer 2 (independent)"]' in text
    assert 'subgraph layer_2["layer 2 (may import each other)"]' in render_layers(together)
    # helpers → logic breaks the independent siblings only; db → api breaks both
    assert {(v.importer, v.target) for v in independent.violations} == {
        ("shop.orders.helpers", "shop.orders.logic"), ("shop.users.db", "shop.users.api")}
    assert {(v.importer, v.target) for v in together.violations} == {
        ("shop.users.db", "shop.users.api")}


def test_large_layers_are_folded_to_their_packages(tmp_path: Path) -> None:
    tree = {"big/__init__.py": "", "big/top/__init__.py": "", "big/low/__init__.py": "",
            "big/mid.py": ""}
    tree.update({f"big/top/m{i:02}.py": "" for i in range(LEVEL_BUDGET)})  # + __init__: too many
    tree.update({f"big/low/m{i:02}.py": "" for i in range(LEVEL_BUDGET - 1)})
    tree["big/low/m00.py"] = "import big.top.m03\nimport big.top.m04\n"
    config = ("[importlinter]\nroot_package = big\n\n[importlinter:contract:1]\nname = Big\n"
              "type = layers\nlayers =\n    big.top\n    big.mid\n    big.low\n")
    (drawing,) = drawings(tmp_path, tree, config)
    assert drawing.folded == (1,)
    top, mid, low = drawing.levels
    size = LEVEL_BUDGET + 1
    assert [(b.name, b.label, b.modules) for b in top.boxes] == [
        ("big.top", f"big.top/ ({size})", size)]
    assert [b.label for b in mid.boxes] == ["big.mid"]  # a module: its own name, one box
    assert len(low.boxes) == LEVEL_BUDGET
    # two imports into the folded layer: one arrow, counted
    (violation,) = drawing.violations
    assert (violation.importer, violation.target, len(violation.breaches)) == (
        "big.low.m00", "big.top", 2)
    text = render_layers(drawing)
    assert f'        n_big_top[["big.top/ ({size})"]]' in text
    assert "    n_big_low_m00 -->|2| n_big_top" in text
    assert "    class n_big_top archdocs_package" in text


def test_many_layers_fold_the_largest_first(tmp_path: Path) -> None:
    tree = {"wide/__init__.py": ""}
    layers = []
    for number in range(6):  # 6 layers of 8 modules each: 48 boxes, over the budget of 40
        tree[f"wide/l{number}/__init__.py"] = ""
        tree.update({f"wide/l{number}/m{i}.py": "" for i in range(LEVEL_BUDGET - 1)})
        layers.append(f"    wide.l{number}")
    tree["wide/l5/m0.py"] = "import wide.l0.m1\n"
    config = ("[importlinter]\nroot_package = wide\n\n[importlinter:contract:1]\nname = Wide\n"
              "type = layers\nlayers =\n" + "\n".join(layers) + "\n")
    (drawing,) = drawings(tmp_path, tree, config)
    assert drawing.folded == (1, 2)  # equal sizes: from the top, until 40 boxes or fewer
    assert sum(len(level.boxes) for level in drawing.levels) <= NODE_BUDGET
    (violation,) = drawing.violations
    assert (violation.importer, violation.target) == ("wide.l5.m0", "wide.l0")
