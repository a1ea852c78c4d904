"""`sitegen init [DIR]`: a new bilingual site (English + Chinese) that builds at once.

Every file is written only after all were checked: a non-empty folder needs
`--force`, and even then no existing file is overwritten (nothing is written).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import SitegenError, display_path
from .new import _now

_CONFIG = """\
# sitegen's config: Hugo's key names. See the README's "Configuration" section.
baseURL = "https://example.org/"
title = "My Notes"
defaultContentLanguage = "en"

[languages.en]
label = "English"
locale = "en-US"
weight = 1
title = "My Notes"

[languages.zh]
label = "中文"
locale = "zh-CN"
weight = 2
title = "我的笔记"
"""

_ARCHETYPE = """\
---
title: "{{ replace .File.ContentBaseName "-" " " | title }}"
date: {{ .Date }}
draft: true
tags: []
---
"""


def _files(date: str) -> dict[str, str]:
    return {
        "sitegen.toml": _CONFIG,
        "archetypes/default.md": _ARCHETYPE,
        ".gitignore": "public/\n.sitegen-cache/\n",
        "content/_index.md": '---\ntitle: "My Notes"\n---\n\nNotes on what I build and read.\n',
        "content/_index.zh.md": '---\ntitle: "我的笔记"\n---\n\n关于我所做和所读的笔记。\n',
        "content/posts/_index.md": '---\ntitle: "Posts"\n---\n',
        "content/posts/_index.zh.md": '---\ntitle: "文章"\n---\n',
        "content/posts/hello-world/index.md": (
            f'---\ntitle: "Hello, World"\ndate: {date}\ntags: ["meta"]\n---\n\n'
            "The first post. Write the next one with\n"
            "`sitegen new content posts/my-next-post/index.md --translation zh`,\n"
            "then `sitegen serve` to watch it as you write.\n"
        ),
        "content/posts/hello-world/index.zh.md": (
            f'---\ntitle: "你好，世界"\ndate: {date}\ntags: ["meta"]\n---\n\n'
            "第一篇文章。用\n"
            "`sitegen new content posts/my-next-post/index.md --translation zh`\n"
            "写下一篇，再用 `sitegen serve` 边写边看。\n"
        ),
    }


def run(args: argparse.Namespace) -> int:
    folder: Path = args.dir
    if folder.exists() and not folder.is_dir():
        raise SitegenError("not a folder", folder, hint="give a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()) and not args.force:
        raise SitegenError(
            "folder is not empty",
            folder,
            hint="choose a new folder, or add --force to add the site's files (none is overwritten)",
        )
    files = _files(_now())
    for rel in files:
        if (folder / rel).exists():
            raise SitegenError(
                "file exists; sitegen init never overwrites, so nothing was written",
                folder / rel,
                hint="move it away, or init in another folder",
            )
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    where = display_path(folder)
    print(f"Created a bilingual site (en, zh) in {where}/")
    run_in = "" if folder.resolve() == Path.cwd().resolve() else f" -s {where}"
    print(f"  next: sitegen serve{run_in}   (or sitegen build{run_in})")
    return 0
