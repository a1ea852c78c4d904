"""Hugo's `[privacy]` table: `disable = true` turns an embed shortcode off, as in Hugo;
the other keys are met already (sitegen's embeds are click-to-load, no-cookie, DNT)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

BODY = (
    'A {{< youtube 0RKpf3rK57I >}} B\n\n{{< youtubeLite id="0RKpf3rK57I" >}}\n\n{{< x user="a" id="1" >}}\n'
)


def site(root: Path, privacy: str) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "p.md").write_text(f"---\ntitle: P\n---\n{BODY}", encoding="utf-8")
    (root / "hugo.toml").write_text(
        f'baseURL = "https://x.example/"\ntitle = "T"\n{privacy}', encoding="utf-8"
    )
    return root


def build(root: Path) -> tuple[str, str]:
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return (root / "public" / "p" / "index.html").read_text(encoding="utf-8"), result.stderr


def test_a_disabled_service_renders_nothing_and_loads_no_script(tmp_path: Path):
    page, stderr = build(
        site(tmp_path / "s", "[privacy.youtube]\ndisable = true\n[privacy.x]\ndisable = true\n")
    )
    assert "<p>A  B</p>" in page and "facade" not in page and "youtube" not in page
    assert "warning" not in stderr


def test_the_keys_sitegen_always_meets_are_accepted_quietly(tmp_path: Path):
    privacy = "[privacy.youtube]\nprivacyEnhanced = true\n[privacy.x]\nenableDNT = true\nsimple = true\n"
    page, stderr = build(site(tmp_path / "s", privacy))
    assert page.count('<div class="facade') == 3 and "youtube-nocookie.com" in page
    assert "warning" not in stderr


def test_a_misspelt_key_or_service_is_named(tmp_path: Path):
    _, stderr = build(site(tmp_path / "s", "[privacy.youtub]\ndisable = true\n[privacy.x]\ndisabel = true\n"))
    assert "privacy.x.disabel" in stderr and "privacy.youtub" in stderr


def test_a_value_of_the_wrong_type_is_a_located_error(tmp_path: Path):
    root = site(tmp_path / "s", '[privacy.youtube]\ndisable = "yes"\n')
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr.startswith("hugo.toml:4:"), result.stderr
    assert "privacy.youtube.disable" in result.stderr and "Traceback" not in result.stderr
