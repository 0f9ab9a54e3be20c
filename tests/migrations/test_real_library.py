"""Sphinx 7.4.7 → 8.1.3, two real wheels from PyPI: the inferred map against Sphinx's own published
notes (doc/changes/8.0.rst, "Incompatible changes" and "Deprecated", and CHANGES.rst of 8.1 —
both read from the 8.1.3 sdist). Every entry the notes list is classified below; the test asserts
the classification, so any change in what archdocs infers shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers.downloads import cached_wheel

from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.release import load_release

pytestmark = pytest.mark.slow

#: (old path, new path the notes give or None, status the notes imply)
NOTES = [
    ("sphinx.util:path_stabilize", "sphinx.util.osutil:path_stabilize", "removed"),
    ("sphinx.util:display_chunk", "sphinx.util.display:display_chunk", "removed"),
    ("sphinx.util:status_iterator", "sphinx.util.display:status_iterator", "removed"),
    ("sphinx.util:SkipProgressMessage", "sphinx.util.display:SkipProgressMessage", "removed"),
    ("sphinx.util:progress_message", "sphinx.util.display:progress_message", "removed"),
    ("sphinx.util:epoch_to_rfc1123", "sphinx.http_date:epoch_to_rfc1123", "removed"),
    ("sphinx.util:rfc1123_to_epoch", "sphinx.http_date:rfc1123_to_epoch", "removed"),
    ("sphinx.util:save_traceback", "sphinx.exceptions:save_traceback", "removed"),
    ("sphinx.util:format_exception_cut_frames", "sphinx.exceptions:format_exception_cut_frames",
     "removed"),
    ("sphinx.util:xmlname_checker", "sphinx.builders.epub3:_XML_NAME_PATTERN", "removed"),
    ("sphinx.util.osutil:cd", None, "removed"),  # "use contextlib.chdir"
    ("sphinx.util.typing:stringify", "sphinx.util.typing:stringify_annotation", "removed"),
    ("sphinx.util.inspect:isNewType", None, "removed"),
    ("sphinx.directives.other:VersionChange", "sphinx.domains.changeset:VersionChange", "removed"),
    ("sphinx.ext.intersphinx:normalize_intersphinx_mapping",
     "sphinx.ext.intersphinx:validate_intersphinx_mapping", "deprecated"),
    ("sphinx.util:Tee", None, "removed"),
    ("sphinx.util:import_object", None, "deprecated"),  # "use importlib.import_module"
    ("sphinx.util:FilenameUniqDict", None, "deprecated"),
    ("sphinx.util:DownloadFiles", None, "deprecated"),
]

#: Where the notes are wrong: they name modules that exist in neither release (there is no
#: ``sphinx.http_date`` or ``sphinx.exceptions``; the functions live in ``sphinx.util.http_date``
#: and ``sphinx.util.exceptions``, which is what the 7.4.7 ``__getattr__`` actually returned).
#: archdocs gives the path that exists.
NOTES_WRONG = {
    "sphinx.util:epoch_to_rfc1123": "sphinx.util.http_date:epoch_to_rfc1123",
    "sphinx.util:rfc1123_to_epoch": "sphinx.util.http_date:rfc1123_to_epoch",
    "sphinx.util:save_traceback": "sphinx.util.exceptions:save_traceback",
    "sphinx.util:format_exception_cut_frames": "sphinx.util.exceptions:format_exception_cut_frames",
}

#: Entries archdocs does not list, and why:
NOT_FOUND = {
    # 7.4.7 served it from a dict key in __getattr__ whose value is an expression; the only
    # string in the hook is the private pattern's path, whose last part is not the old name.
    "sphinx.util:xmlname_checker",
    # 8.1.3 still binds it, under ``if sys.version_info[:2] < (3, 11):`` — statically the name
    # exists (and on Python 3.10 it does).
    "sphinx.util.osutil:cd",
    # The deprecated alias was a dict key only; the hook's string names the new function, which
    # is in the same module, so nothing ties the key ``stringify`` to it statically.
    "sphinx.util.typing:stringify",
    # A compatibility import without ``__all__`` or ``X as X``: archdocs counts a plain import in
    # a module (not a package) as the module's own use, not as API it re-exports.
    "sphinx.directives.other:VersionChange",
}


def wheel(request: pytest.FixtureRequest, version: str) -> Path:
    return cached_wheel(request.config, f"sphinx=={version}", f"sphinx-{version}-*.whl")


def test_sphinx_7_to_8_agrees_with_its_notes(request):
    old = load_release(str(wheel(request, "7.4.7")))
    new = load_release(str(wheel(request, "8.1.3")))
    inferred = {e.old.spec: e for e in infer_map(old, new, "sphinx").entries}

    agree, wrong_notes, missing = [], [], []
    for old_path, new_path, status in NOTES:
        entry = inferred.get(old_path)
        if entry is None:
            missing.append(old_path)
            continue
        got = entry.new[0].spec if entry.new else None
        assert entry.status == status, (old_path, entry)
        if new_path is None or got == new_path:
            agree.append(old_path)
        else:
            assert NOTES_WRONG.get(old_path) == got, (old_path, got)
            wrong_notes.append(old_path)

    assert set(missing) == NOT_FOUND
    assert set(wrong_notes) == set(NOTES_WRONG)
    # of 19 entries: 11 agree, 4 where the notes name paths that never existed
    assert len(agree) == 11
    # No replacement where the notes give none (a private home is shown for the deprecated ones).
    assert not inferred["sphinx.util:Tee"].new
    assert not inferred["sphinx.util.inspect:isNewType"].new
    assert (inferred["sphinx.util:import_object"].new[0].spec
            == "sphinx.util._importer:import_object")
