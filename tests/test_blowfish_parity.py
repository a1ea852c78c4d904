"""Each Blowfish shortcode shows what Hugo 0.168 + Blowfish show: the same words, links,
images and structure, section by section (tests/sites/blowfish-shortcodes/, read with
blowfish_parity.py).

Hugo's side is kept in tests/expected/blowfish-shortcodes/records.json. Blowfish is not
in the repository, so the recording is made only on request:

    SITEGEN_REGEN=1 SITEGEN_BLOWFISH=/path/to/blowfish .venv/bin/pytest tests/test_blowfish_parity.py

copies the fixture and the Blowfish checkout (as themes/blowfish) into a temporary
folder and builds it with the test extra's Hugo (blowfish-source.txt, beside the
records, says which Blowfish commit each file of the checkout used last came from). The
pages in ISOLATED hold the uses that fetch at build time (or that Hugo 0.168 can no
longer run); each of their sections is built alone, so that one failing fetch can't hide
the others, and what Hugo can't print offline is recorded as "needs network" (or "hugo
fails") with its reason: for those only the link to the original is compared.

Deliberate differences are kept in differences.toml (section -> field -> reason); a
listed difference that no longer occurs fails too, so the list stays true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from blowfish_parity import differences, is_empty, original_link, read_sections, sections_of
from conftest import regen_enabled, run_cli
from test_hugo_parity import HUGO_VERSION, hugo_binary

NAME = "blowfish-shortcodes"
SITE = Path(__file__).parent / "sites" / NAME
EXPECTED = Path(__file__).parent / "expected" / NAME
RECORDS = EXPECTED / "records.json"
DIFFERENCES = EXPECTED / "differences.toml"
ISOLATED = ("posts/network", "posts/sociallink")
BLOWFISH_VARIABLE = "SITEGEN_BLOWFISH"
# Each has a section of its own (its inner shortcodes, such as tab or stat, are inside);
# heading ids are lowercase (see sections_of).
SHORTCODES = """
accordion alert article badge bilibili button carousel chart codeberg codeimporter cta email
embed-pdf external feature-grid figure forgejo gallery gist gitea github gitlab huggingface icon
katex keyword keywordlist lead leaflet list load-photoswipe ltr marquee mdimporter mermaid rtl
screenshot slider sociallink stats steps swatches tabs timeline typeit youtubelite
youtube vimeo x instagram qr comment details highlight
"""


def page_sections(public: Path) -> dict[str, dict[str, Any]]:
    """Every section of every built page, as "url#id"."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(public.rglob("index.html")):
        url = "/" + path.parent.relative_to(public).as_posix() + "/"
        url = url.replace("//", "/")
        for key, record in read_sections(path.read_text(encoding="utf-8")).items():
            found[f"{url}#{key}"] = record
    return found


@pytest.fixture(scope="module")
def sitegen_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    site = tmp_path_factory.mktemp("sitegen") / NAME
    shutil.copytree(SITE, site)
    result = run_cli("build", cwd=site, env={"SITEGEN_CACHEDIR": str(site.parent / "cache")})
    return result, site / "public"


# --- recording Hugo's side --------------------------------------------------------------


def _hugo(site: Path) -> subprocess.CompletedProcess[str]:
    hugo = hugo_binary()
    assert hugo is not None, "the test extra's Hugo is needed to record"
    version = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=120)
    assert f"v{HUGO_VERSION}." in version.stdout, version.stdout
    return subprocess.run(
        [hugo, "build", "--logLevel", "warn"], cwd=site, capture_output=True, text=True, timeout=300
    )


def _copy_with_blowfish(into: Path) -> Path:
    blowfish = os.environ.get(BLOWFISH_VARIABLE, "")
    assert blowfish and (Path(blowfish) / "layouts" / "shortcodes").is_dir(), (
        f"set {BLOWFISH_VARIABLE} to a Blowfish checkout to record Hugo's side"
    )
    site = into / "site"
    shutil.copytree(SITE, site)
    shutil.copytree(blowfish, site / "themes" / "blowfish", ignore=shutil.ignore_patterns(".git"))
    return site


def _reason(output: str, site: Path, failed: bool) -> str:
    """Hugo's complaint in one line, without the temporary paths or the resolver's name."""
    lines = [line for line in output.splitlines() if "ERROR" in line or "WARN" in line]
    text = lines[0] if lines else "no output"
    text = text.replace(str(site.resolve()) + "/", "").replace(str(site) + "/", "")
    if "GetRemote" in text and (m := re.search(r'Get "([^"]+)"', text)):
        outcome = "the build fails" if failed else "prints nothing"
        return f"resources.GetRemote failed offline, so {outcome}: {m[1]}"
    if m := re.search(r"(\w+ shortcode: [^:]+ from \"[^\"]+\")", text):
        return f"prints nothing offline, warns: {m[1]}"
    return re.sub(r"^.*execute of template failed: ", "", text)[-200:]


def _record_isolated(site: Path, page: str, config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Build each section of an isolated page alone and record what Hugo makes of it."""
    author = {k: v for entry in config["params"]["author"]["links"] for k, v in entry.items()}
    records: dict[str, dict[str, Any]] = {}
    folder = SITE / "content" / page
    for source in sorted(folder.glob("index*.md")):
        front, body = source.read_text(encoding="utf-8").split("---\n", 2)[1:]
        lang = "/en" if source.name == "index.en.md" else ""
        for key, markdown in sections_of(body):
            target = site / "content" / page / source.name
            shutil.rmtree(site / "content")
            shutil.rmtree(site / "public", ignore_errors=True)
            target.parent.mkdir(parents=True)
            target.write_text(f"---\n{front}---\n{markdown}", encoding="utf-8")
            result = _hugo(site)
            url = f"{lang}/{page}/#{key}"
            built = site / "public" / lang.lstrip("/") / page / "index.html"
            record = (
                read_sections(built.read_text(encoding="utf-8")).get(key) if result.returncode == 0 else None
            )
            if record is not None and not is_empty(record):
                records[url] = record
                continue
            output = result.stdout + result.stderr
            network = "GetRemote" in output or "fetch remote" in output or "unable to fetch" in output
            records[url] = {
                "hugo": "needs network" if network else "hugo fails",
                "reason": _reason(output, site, result.returncode != 0),
                "original": original_link(markdown, config["params"], author),
            }
    return records


def record_hugo(into: Path) -> dict[str, dict[str, Any]]:
    site = _copy_with_blowfish(into)
    for page in ISOLATED:  # kept as pages with no body, so that lists show them as sitegen's do
        for source in (site / "content" / page).glob("index*.md"):
            front = source.read_text(encoding="utf-8").split("---\n", 2)[1]
            source.write_text(f"---\n{front}---\n", encoding="utf-8")
    result = _hugo(site)
    assert result.returncode == 0, result.stderr
    records = page_sections(site / "public")
    config = tomllib.loads((SITE / "hugo.toml").read_text(encoding="utf-8"))
    for page in ISOLATED:
        records.update(_record_isolated(site, page, config))
    return dict(sorted(records.items()))


def kept_records() -> dict[str, dict[str, Any]]:
    loaded: dict[str, dict[str, Any]] = json.loads(RECORDS.read_text(encoding="utf-8"))
    return loaded


def kept_differences() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = tomllib.loads(DIFFERENCES.read_text(encoding="utf-8"))["section"]
    return loaded


def test_records_are_hugos(tmp_path: Path):
    """With SITEGEN_REGEN=1 and SITEGEN_BLOWFISH, rewrite records.json from the real Hugo;
    always, check the kept records cover every section of the fixture."""
    if regen_enabled():
        records = record_hugo(tmp_path)
        EXPECTED.mkdir(parents=True, exist_ok=True)
        text = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True)
        RECORDS.write_text(text + "\n", encoding="utf-8")
    records = kept_records()
    written = set()
    for source in sorted((SITE / "content").rglob("index*.md")):
        page = source.parent.relative_to(SITE / "content").as_posix()
        lang = "/en" if source.name.endswith(".en.md") else ""
        written |= {f"{lang}/{page}/#{key}" for key, _ in sections_of(source.read_text(encoding="utf-8"))}
    assert written == set(records), {
        "not recorded": sorted(written - set(records)),
        "recorded, not in the fixture": sorted(set(records) - written),
    }


def test_every_shortcode_is_used():
    """The fixture uses every shortcode Blowfish ships and Hugo's built-ins of issue 17."""
    used = {key.split("#", 1)[1].rsplit("-", 1)[0] for key in kept_records()}
    expected = set(SHORTCODES.split())
    assert expected <= used, sorted(expected - used)


def test_sections_show_what_hugo_and_blowfish_show(
    sitegen_build: tuple[subprocess.CompletedProcess[str], Path],
):
    result, public = sitegen_build
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, f"sitegen could not build the fixture:\n{result.stderr}"
    sitegen_sections = page_sections(public)
    records = kept_records()
    listed = kept_differences()
    found: dict[str, dict[str, tuple[Any, Any]]] = {}
    for key, hugo in records.items():
        diff = differences(hugo, sitegen_sections.get(key))
        if diff:
            found[key] = diff
    problems: list[str] = []
    for key, diff in found.items():
        for field, (theirs, ours) in diff.items():
            if field not in listed.get(key, {}):
                problems.append(f"{key} {field}:\n    hugo:    {theirs!r}\n    sitegen: {ours!r}")
    for key, fields in listed.items():
        for field, reason in fields.items():
            if field not in found.get(key, {}):
                problems.append(f"{key} {field}: listed in differences.toml ({reason}) but no longer differs")
    matching = sum(1 for key in records if key not in found)
    summary = f"{matching} of {len(records)} sections match Hugo + Blowfish; {len(problems)} problems:\n"
    assert not problems, summary + "\n".join(problems)


def test_listed_differences_name_real_sections():
    records = kept_records()
    fields = {"section", "words", "links", "images", "structure", "original"}
    for key, listed in kept_differences().items():
        assert key in records, f"differences.toml lists {key}, which the fixture doesn't have"
        assert set(listed) <= fields, (key, sorted(set(listed) - fields))
        assert all(reason.strip() for reason in listed.values()), f"{key}: give a reason"


# --- the reader itself ------------------------------------------------------------------

SAMPLE = """<main><h1>T</h1><div class="content">
<p>intro, in no section</p>
<h2 id="a-1">a-1</h2>
<div class="card"><h2>Nested heading</h2><span class="icon"><svg><title>gh</title></svg></span>
<p>Some <strong>bold</strong> words<script>var hidden = 1;</script></p>
<a href="/x/">link</a><img src="/p/abstract_hu_1bb66d9e2ccffc10.png" alt=""></div>
<h2 id="b-1">b-1</h2><ul><li>one</li><li>two <span class="math">x^2</span></li></ul>
<img src="data:image/png;base64,AAAA">
</div><footer><h2 id="c-1">not content</h2></footer></main>"""


def test_sections_start_only_at_the_contents_own_headings():
    sections = read_sections(SAMPLE)
    assert list(sections) == ["a-1", "b-1"]
    assert sections["a-1"] == {
        "words": "Nested heading Some bold words link",
        "links": ["/x/"],
        "images": ["abstract.png"],
        "structure": {"heading": 1, "img": 1, "icon": True},
    }
    assert sections["b-1"] == {
        "words": "one two",
        "links": [],
        "images": ["data:image/png"],
        "structure": {"li": 2, "img": 1, "icon": False},
    }


def test_differences_ignore_whitespace_only_and_check_the_original_link():
    hugo = read_sections(SAMPLE)["a-1"]
    same = {**hugo, "words": "Nested heading Somebold words  link"}
    assert differences(hugo, same) == {}
    assert set(differences(hugo, {**hugo, "words": "Nested heading", "links": []})) == {"words", "links"}
    assert differences(hugo, None) == {"section": ("present", "missing")}
    network = {"hugo": "needs network", "reason": "…", "original": "https://github.com/a/b"}
    assert differences(network, {**hugo, "links": ["https://github.com/a/b"]}) == {}
    assert "original" in differences(network, hugo)
    assert original_link('{{< gitea repo="o/r" >}}', {"giteaDefaultServer": "https://g.example/"}, {}) == (
        "https://g.example/o/r"
    )
