"""Small packages, one per contract type and option, each with an import-linter configuration."""

from __future__ import annotations

LAYERED = {
    "pkg/__init__.py": "",
    "pkg/ui/__init__.py": "",
    "pkg/ui/views.py": "from pkg.domain import model\n",
    "pkg/domain/__init__.py": "",
    "pkg/domain/model.py": "from pkg.data import repo\n",
    "pkg/domain/service.py": "import os\n\nimport pkg.helpers\n",
    "pkg/helpers.py": "import pkg.ui.views\n",
    "pkg/data/__init__.py": "",
    "pkg/data/repo.py": "import requests\n\n\ndef later():\n    from pkg.ui import views\n",
    "pkg/data/typed.py": ("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
                          "    from pkg.domain import model\n"),
    "pkg/feat/__init__.py": "",
    "pkg/feat/a/__init__.py": "",
    "pkg/feat/a/x.py": "from pkg.feat.b import y\n",
    "pkg/feat/b/__init__.py": "",
    "pkg/feat/b/y.py": "import pkg.feat.a\n",
    "pkg/feat/c.py": "import pkg.feat.a.x\n",
}

CONTAINED = {
    "shop/__init__.py": "",
    "shop/orders/__init__.py": "",
    "shop/orders/api.py": "from shop.orders import logic\n",
    "shop/orders/logic.py": "from shop.orders import db\n",
    "shop/orders/helpers.py": "from shop.orders import logic\n",
    "shop/orders/db.py": "",
    "shop/orders/extra.py": "",
    "shop/users/__init__.py": "",
    "shop/users/api.py": "",
    "shop/users/logic.py": "",
    "shop/users/db.py": "from shop.users.api import thing\n",
}

HEAD = "[importlinter]\nroot_package = pkg\n"

#: name → (tree, .importlinter text); every contract name is unique across the file
CASES: dict[str, tuple[dict[str, str], str]] = {
    "layers": (LAYERED, HEAD + """
[importlinter:contract:1]
name = Layers, all kinds
type = layers
layers =
    pkg.ui
    pkg.domain
    pkg.data
"""),
    "layers-no-type-checking": (LAYERED, HEAD + """exclude_type_checking_imports = True

[importlinter:contract:1]
name = Layers, no type checking
type = layers
layers =
    pkg.ui
    pkg.domain
    pkg.data
"""),
    "layers-ignore-wildcards": (LAYERED, HEAD + """
[importlinter:contract:1]
name = Layers, ignoring
type = layers
layers =
    pkg.ui
    pkg.domain
    pkg.data
ignore_imports =
    pkg.data.* -> pkg.ui.**
    pkg.**.typed -> pkg.domain.model
"""),
    "layers-containers": (CONTAINED, """[importlinter]
root_package = shop

[importlinter:contract:1]
name = Feature layers
type = layers
containers =
    shop.orders
    shop.users
layers =
    api
    logic | (helpers)
    db
exhaustive = true

[importlinter:contract:2]
name = Feature layers, non-independent siblings
type = layers
containers = shop.*
layers =
    api
    logic : (helpers)
    db
exhaustive = true
exhaustive_ignores = extra
"""),
    "forbidden": (LAYERED, HEAD + """include_external_packages = True

[importlinter:contract:1]
name = Data never reaches UI
type = forbidden
source_modules = pkg.data
forbidden_modules =
    pkg.ui
    requests

[importlinter:contract:2]
name = Domain does not import UI directly
type = forbidden
source_modules = pkg.domain
forbidden_modules = pkg.ui
allow_indirect_imports = true

[importlinter:contract:3]
name = Domain does not reach UI
type = forbidden
source_modules = pkg.domain
forbidden_modules = pkg.ui

[importlinter:contract:4]
name = Wildcard sources
type = forbidden
source_modules = pkg.feat.*
forbidden_modules = pkg.feat.**
"""),
    "independence": (LAYERED, HEAD + """
[importlinter:contract:1]
name = Independent features
type = independence
modules =
    pkg.feat.a
    pkg.feat.b
    pkg.feat.c

[importlinter:contract:2]
name = UI and data independent
type = independence
modules =
    pkg.ui
    pkg.data
"""),
    "protected": (LAYERED, HEAD + """
[importlinter:contract:1]
name = Only domain uses data
type = protected
protected_modules = pkg.data
allowed_importers = pkg.domain

[importlinter:contract:2]
name = UI views protected
type = protected
protected_modules = pkg.ui
allowed_importers = pkg.helpers
"""),
    "acyclic-siblings": (LAYERED, HEAD + """
[importlinter:contract:1]
name = No sibling cycles
type = acyclic_siblings
ancestors = pkg

[importlinter:contract:2]
name = No sibling cycles in ui
type = acyclic_siblings
ancestors = pkg.ui
"""),
}
