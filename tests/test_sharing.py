"""What a shared link and a search engine read of a page: OpenGraph, Twitter card and JSON-LD.

The checks are the published requirements, written out: the Open Graph
protocol's required properties (og:title, og:type, og:image, og:url) with
absolute URLs; Twitter's card types and its summary_large_image fields; and
schema.org BlogPosting as Google's article documentation lists its fields
(headline, image, datePublished, dateModified in ISO 8601, author as a Person
with a name), plus the page's language and URL.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import Html, build_site, read_html
from image_site import make_images_site


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sharing")
    out = root / "public"
    build_site(make_images_site(root), out, cache=False)
    return out


def meta(page: Html) -> dict[str, str]:
    """Every `<meta property|name=… content=…>`; a repeated key keeps its first value."""
    found: dict[str, str] = {}
    for el in page.select("meta"):
        key = el.attrs.get("property") or el.attrs.get("name")
        if key and "content" in el.attrs:
            found.setdefault(key, el.attrs["content"])
    return found


def json_ld(page: Html) -> list[dict]:
    return [
        json.loads(el.text) for el in page.select("script") if el.attrs.get("type") == "application/ld+json"
    ]


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def iso_with_zone(value: str) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def check_open_graph(tags: dict[str, str]) -> None:
    """The Open Graph protocol's four required properties, and the image's structured ones."""
    for name in ("og:title", "og:type", "og:image", "og:url"):
        assert tags.get(name), f"{name} is required by the Open Graph protocol"
    assert absolute(tags["og:url"]) and absolute(tags["og:image"])
    if "og:image:width" in tags:
        assert tags["og:image:width"].isdigit() and tags["og:image:height"].isdigit()


def check_twitter(tags: dict[str, str]) -> None:
    """A card type Twitter knows; a large-image card needs its title and image."""
    assert tags.get("twitter:card") in ("summary", "summary_large_image")
    assert tags.get("twitter:title")
    if tags["twitter:card"] == "summary_large_image":
        assert absolute(tags.get("twitter:image", ""))


def check_blog_posting(data: dict, page: Html) -> None:
    """schema.org BlogPosting with Google's article fields."""
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert isinstance(data["headline"], str) and 0 < len(data["headline"]) <= 110  # Google's limit
    for field in ("datePublished", "dateModified"):
        assert iso_with_zone(data[field]), f"{field} must be ISO 8601 with a time zone"
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] and all(a["@type"] == "Person" and a["name"] for a in data["author"])
    image = data["image"]
    assert absolute(image if isinstance(image, str) else image["url"])
    assert absolute(data["url"]) and data["mainEntityOfPage"]["@id"] == data["url"]
    html_lang = page.select("html")[0].attrs["lang"]
    assert data["inLanguage"] == html_lang


def test_a_post_with_a_featured_image_validates_as_open_graph_twitter_and_blog_posting(public: Path):
    page = read_html(public / "blog/alps/index.html")
    tags = meta(page)
    check_open_graph(tags)
    check_twitter(tags)
    assert tags["og:type"] == "article" and iso_with_zone(tags["article:published_time"])
    assert tags["og:image"] == "https://example.org/blog/alps/featured.jpg"  # the bundle's featured.*
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["twitter:image"] == tags["og:image"]
    [data] = json_ld(page)
    check_blog_posting(data, page)
    assert data["headline"] == "A walk in the </script> Alps" == tags["og:title"]
    canonical = next(e.attrs["href"] for e in page.select("link") if e.attrs.get("rel") == "canonical")
    assert data["url"] == tags["og:url"] == canonical
    assert data["image"] == {
        "@type": "ImageObject",
        "url": "https://example.org/blog/alps/featured.jpg",
        "width": 1200,
        "height": 630,
    }
    assert data["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]
    assert data["datePublished"].startswith("2026-03-01") and data["dateModified"].startswith("2026-03-05")


def test_a_hostile_title_cannot_end_the_json_ld_script(public: Path):
    html = (public / "blog/alps/index.html").read_text()
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    body = html[start + len('<script type="application/ld+json">') : end]
    assert "<" not in body and json.loads(body)["headline"] == "A walk in the </script> Alps"


def test_a_post_without_its_own_image_shares_the_site_default(public: Path):
    page = read_html(public / "blog/plain/index.html")
    tags = meta(page)
    check_open_graph(tags)
    check_twitter(tags)
    assert tags["og:image"] == "https://example.org/img/default-social.png"  # params.images
    [data] = json_ld(page)
    check_blog_posting(data, page)
    assert data["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]  # params.author


def test_the_chinese_post_says_its_language(public: Path):
    page = read_html(public / "zh/blog/alps/index.html")
    tags = meta(page)
    check_open_graph(tags)
    assert tags["og:locale"] == "zh_CN"
    assert tags["og:image"] == "https://example.org/zh/blog/alps/featured.jpg"
    [data] = json_ld(page)
    check_blog_posting(data, page)
    assert data["inLanguage"] == "zh-CN" and data["headline"] == "阿尔卑斯山徒步"


def test_the_home_page_is_a_website(public: Path):
    page = read_html(public / "index.html")
    check_open_graph(meta(page))
    [data] = json_ld(page)
    assert data == {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "Images Test",
        "url": "https://example.org/",
        "inLanguage": "en-US",
    }
    assert [d["@type"] for d in json_ld(read_html(public / "tags/index.html"))] == []


def test_without_any_image_the_card_is_a_summary(tmp_path: Path):
    site = make_images_site(tmp_path)
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('images = ["img/default-social.png"]\n', ""))
    build_site(site, tmp_path / "public")
    tags = meta(read_html(tmp_path / "public/blog/plain/index.html"))
    assert tags["twitter:card"] == "summary" and "og:image" not in tags and "twitter:image" not in tags
    [data] = json_ld(read_html(tmp_path / "public/blog/plain/index.html"))
    assert "image" not in data


def test_front_matter_featureimage_wins_and_blowfish_default_social_image_is_the_fallback(tmp_path: Path):
    site = make_images_site(tmp_path)
    post = site / "content/blog/alps/index.md"
    post.write_text(post.read_text().replace("tags:", "featureimage: lake.png\ntags:", 1))
    config = site / "sitegen.toml"
    config.write_text(
        config.read_text().replace(
            'images = ["img/default-social.png"]', 'defaultSocialImage = "/img/default-social.png"'
        )
    )
    build_site(site, tmp_path / "public")
    alps = meta(read_html(tmp_path / "public/blog/alps/index.html"))
    assert (alps["og:image"], alps["og:image:width"]) == ("https://example.org/blog/alps/lake.png", "1000")
    card = read_html(tmp_path / "public/index.html").select("a.post-card-image img")
    assert [c.attrs["src"] for c in card] == ["/blog/alps/lake.png"]
    plain = meta(read_html(tmp_path / "public/blog/plain/index.html"))
    assert plain["og:image"] == "https://example.org/img/default-social.png"
