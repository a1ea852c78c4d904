"""Site-model stage, menus: the configured and front-matter `MenuItem`s + the plan ->
each language's menus, as trees of `MenuEntry` (`site.menu(lang, "main")`).

Hugo 0.168's assembleMenus, each rule checked with the real binary:

- A language's configured menus are its own `languages.<code>.menus` if it has
  them, else the root's. A `pageRef` is found like GetPage, in that language only;
  the entry then takes the page's URL, and its linkTitle, title and weight where it
  sets none. One that finds nothing links to its `url`, or nowhere ("") without
  one; sitegen warns at the entry, Hugo says nothing.
- An entry is known by its identifier, else its name (`key_name`). A configured
  entry replaces an earlier one of the same key; a page's entry with a key the
  menu has is left out with a warning, as in Hugo.
- `sectionPagesMenu = "main"` adds each top-level section to that menu (identifier:
  the section's name), unless an entry with that identifier is configured.
- Front-matter entries come from published pages that are listed everywhere
  (`build.list: always`), and link to their page.
- `parent` names a key; a parent that no entry has is made, with that name and
  no link. Entries sort by weight, with 0 (no weight) last, then by name ignoring
  case, then identifier.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .errors import warn
from .lists import PageSpec
from .model import HOME, SECTION, MenuEntry, MenuItem, Menus, PageKey
from .refs import RefError, RefIndex
from .site import NOT_RENDERED, SitePlan
from .urls import menu_url

Flat = dict[tuple[str, str], MenuEntry]  # (menu, key_name) -> entry


def build_menus(plan: SitePlan) -> dict[str, Menus]:
    """Every language's menus; warnings for pageRefs that find nothing and duplicates."""
    config = plan.config
    configured = config.menus or config.section_pages_menu or any(lang.menus for lang in config.languages)
    if not configured and not _page_items(plan):
        return {}
    refs = RefIndex(plan.ref_targets, [lang.code for lang in config.languages], config.default_language)
    return {lang.code: _language_menus(plan, refs, lang.code) for lang in config.languages}


def _page_items(plan: SitePlan) -> bool:
    return any(s.doc is not None and s.doc.front_matter.menus for s in plan.specs.values())


def _language_menus(plan: SitePlan, refs: RefIndex, lang: str) -> Menus:
    flat: Flat = {}
    for _, items in plan.config.menus_for(lang):
        for item in items:
            entry = _configured(plan, refs, lang, item)
            flat[(item.menu, entry.key_name)] = entry  # a later one replaces it, as in Hugo
    if menu := plan.config.section_pages_menu:
        for key, spec in _top_sections(plan, lang):
            flat.setdefault((menu, key.path), _with_page(MenuItem(menu, identifier=key.path), spec))
    for key, spec in sorted(_menu_pages(plan, lang).items(), key=lambda kv: (kv[0].path, kv[0].kind)):
        doc = spec.doc
        if doc is None or doc.front_matter.list_mode != "always":
            continue
        for item in doc.front_matter.menus:
            entry = _with_page(item, spec)
            if key not in plan.specs:  # render: never: Hugo keeps its entry, with no link
                entry = replace(entry, url="", page=None)
            if (item.menu, entry.key_name) in flat:
                warn(
                    f"duplicate menu entry {entry.key_name!r} in menu {item.menu!r}: this page's is left out",
                    item.where[0] or doc.source.path,
                    item.where[1],
                    item.where[2],
                    hint="give it its own identifier, as Hugo asks: menu: {main: {identifier: x}}",
                )
                continue
            flat[(item.menu, entry.key_name)] = entry
    return _tree(flat)


def _top_sections(plan: SitePlan, lang: str) -> list[tuple[PageKey, PageSpec]]:
    """sectionPagesMenu's sections: top level (a nested one has its parent's identifier)."""
    return [
        (key, spec)
        for key, spec in sorted(plan.specs.items())
        if key.lang == lang
        and key.kind == SECTION
        and "/" not in key.path
        and (spec.doc is None or spec.doc.front_matter.list_mode == "always")
    ]


def _menu_pages(plan: SitePlan, lang: str) -> dict[PageKey, PageSpec]:
    """The pages whose front matter may add menu entries: the published ones, and those
    with `build.render: never`, which Hugo builds (unwritten) and so lists in menus."""
    pages = {k: s for k, s in plan.specs.items() if k.lang == lang}
    for key, (doc, why) in plan.excluded.items():
        if key.lang == lang and key not in pages and why == NOT_RENDERED:
            title = doc.front_matter.title or key.path.rsplit("/", 1)[-1]
            pages[key] = PageSpec(key, title, "", doc, doc.front_matter.date)
    return pages


def _configured(plan: SitePlan, refs: RefIndex, lang: str, item: MenuItem) -> MenuEntry:
    if item.page_ref:
        found = _find(plan, refs, lang, item)
        if found is not None:
            return _with_page(item, plan.specs[found])
    url = menu_url(plan.config, item.url) if item.url else ""
    return _entry(item, item.name, url, item.title, item.weight, None)


def _find(plan: SitePlan, refs: RefIndex, lang: str, item: MenuItem) -> PageKey | None:
    """The page a pageRef names in this language, or None (and a warning)."""
    home = PageKey(lang, HOME, "")
    if not item.page_ref.split("#")[0].strip("/ "):
        return home if home in plan.specs else None
    try:
        target = refs.resolve(item.page_ref, page=plan.ref_target(home), lang=lang).target
    except RefError as exc:
        fallback = f"its url {item.url!r}" if item.url else "nowhere (an empty href)"
        warn(
            f"menu {item.menu!r}: pageRef {item.page_ref!r} finds no page in {lang!r}: {exc.message}",
            *item.where,
            hint=f"the entry links to {fallback}, as in Hugo; {exc.hint or 'fix the path'}",
        )
        return None
    return target.key if target.key in plan.specs else None


def _with_page(item: MenuItem, spec: PageSpec) -> MenuEntry:
    fm = spec.doc.front_matter if spec.doc else None
    name = item.name or (fm.link_title if fm else None) or spec.title
    weight = item.weight or (fm.weight if fm else 0)
    return _entry(item, name, spec.url, item.title or spec.title, weight, spec.key)


def _entry(item: MenuItem, name: str, url: str, title: str, weight: int, page: PageKey | None) -> MenuEntry:
    return MenuEntry(
        menu=item.menu,
        name=name,
        url=url,
        identifier=item.identifier,
        parent=item.parent,
        weight=weight,
        pre=item.pre,
        post=item.post,
        title=title,
        page=page,
        params=item.params,
    )


def _tree(flat: Flat) -> Menus:
    """Hang children under their parents (making missing parents), then sort each level."""
    children: dict[tuple[str, str], list[MenuEntry]] = defaultdict(list)
    for (menu, _), entry in flat.items():
        if entry.parent:
            children[(menu, entry.parent)].append(entry)
    for menu, parent in list(children):
        flat.setdefault((menu, parent), MenuEntry(menu=menu, name=parent, url=""))

    def grow(entry: MenuEntry) -> MenuEntry:
        kids = children.get((entry.menu, entry.key_name), [])
        return replace(entry, children=ordered([grow(k) for k in kids])) if kids else entry

    top: dict[str, list[MenuEntry]] = defaultdict(list)
    for (menu, _), entry in flat.items():
        if not entry.parent:
            top[menu].append(grow(entry))
    return {menu: ordered(entries) for menu, entries in sorted(top.items())}


def ordered(entries: list[MenuEntry]) -> tuple[MenuEntry, ...]:
    """Hugo's default menu order: weight (0 last), then name ignoring case, then identifier."""
    return tuple(
        sorted(entries, key=lambda e: (e.weight == 0, e.weight, e.name.lower(), e.name, e.identifier))
    )
