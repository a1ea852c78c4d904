"""Front matter: YAML and TOML, typed fields, Hugo's date forms, encodings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.front_matter import parse_front_matter
from sitegen.sources import read_source


@pytest.fixture
def config(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('timeZone = "Asia/Shanghai"\n')
    return load_config(tmp_path)


def parse(config, text: str):
    return parse_front_matter(Path("post.md"), text, config)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2026-03-27", datetime(2026, 3, 27, tzinfo=timezone(timedelta(hours=8)))),
        ("2026-03-27 09:00:00", datetime(2026, 3, 27, 9, tzinfo=timezone(timedelta(hours=8)))),
        ("2026-03-27T09:00:00Z", datetime(2026, 3, 27, 9, tzinfo=UTC)),
        ("2026-03-27T09:00:00-05:00", datetime(2026, 3, 27, 14, tzinfo=UTC)),
        ("'2026-03-27 09:00:00 +0200'", datetime(2026, 3, 27, 7, tzinfo=UTC)),
    ],
)
def test_yaml_dates_in_every_form_hugo_users_write_get_their_zone_or_the_sites(config, written, expected):
    fm, _, _ = parse(config, f"---\ndate: {written}\n---\n")
    assert fm.date == expected


def test_toml_front_matter_with_a_native_datetime_is_read_like_yaml(config):
    fm, body, line = parse(
        config, '+++\ntitle = "T"\ndate = 2026-03-27T09:00:00+08:00\ntags = ["a"]\n+++\nBody\n'
    )
    assert fm.title == "T"
    assert fm.date == datetime(2026, 3, 27, 1, tzinfo=UTC)
    assert fm.taxonomies["tags"] == ("a",)
    assert (body, line) == ("Body\n", 6)


def test_series_may_be_a_plain_string(config):
    fm, _, _ = parse(config, "---\nseries: LLM Notes\nseries_order: 2\n---\n")
    assert fm.taxonomies["series"] == ("LLM Notes",)
    assert fm.series_order == 2


def test_keys_are_case_insensitive_and_unknown_ones_become_params(config):
    fm, _, _ = parse(config, "---\nTitle: Hi\nTranslationKey: k\ncover: a.png\n---\n")
    assert (fm.title, fm.translation_key) == ("Hi", "k")
    assert dict(fm.params) == {"cover": "a.png"}


def test_no_front_matter_means_all_body(config):
    fm, body, line = parse(config, "# Just text\n")
    assert fm.title == "" and body == "# Just text\n" and line == 1


def test_body_line_counts_front_matter_lines(config):
    _, body, line = parse(config, "---\ntitle: A\ndraft: false\n---\n\nFirst\n")
    assert body == "First\n"
    assert line == 6


def test_bom_and_crlf_simply_work(tmp_path: Path, config):
    path = tmp_path / "p.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: \xe4\xbd\xa0\xe5\xa5\xbd\r\n---\r\nBody\r\n")
    fm, body, _ = parse_front_matter(path, read_source(path), config)
    assert fm.title == "你好"
    assert body == "Body\n"
