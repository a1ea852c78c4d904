// Search for the default theme (sitegen's own, small; search.html explains the page).
// Every page: `/` focuses the search box, unless the reader is typing in a field.
// The search page: runs the query in the box (or ?q=) through Pagefind's index
// of this page's language, loaded from this site's pagefind/ folder, and lists
// the results. Nothing is requested from any other host.

const box = () => document.querySelector(".search-input");

document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  const typing =
    active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
  const input = box();
  if (typing || !input) return;
  event.preventDefault();
  input.focus();
  input.select();
});

const page = document.getElementById("search");
if (page) startSearchPage(page, box());

function startSearchPage(page, input) {
  const status = page.querySelector(".search-status");
  const list = page.querySelector(".search-results");
  const say = (name, values = {}) =>
    page.dataset[name].replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  let pagefind = null;
  let asked = 0; // the latest query wins: an older, slower answer is dropped

  async function load() {
    if (!pagefind) {
      pagefind = await import(page.dataset.bundle + "pagefind.js");
      await pagefind.options({ baseUrl: page.dataset.base, excerptLength: 24 });
      await pagefind.init(); // the index of <html lang>, as Pagefind decides
    }
    return pagefind;
  }

  async function run(query) {
    const mine = ++asked;
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url); // a reload or a shared link shows the same results
    if (!query.trim()) {
      status.textContent = "";
      list.replaceChildren();
      return;
    }
    status.textContent = say("loading");
    try {
      const found = await (await load()).search(query);
      const shown = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
      if (mine !== asked) return;
      const count = found.results.length;
      status.textContent = count
        ? say(count === 1 ? "one" : "other", { count, query })
        : say("none", { query });
      list.replaceChildren(...shown.map((data) => result(data, query)));
    } catch (error) {
      if (mine === asked) status.textContent = say("failed");
      throw error;
    }
  }

  function result(data, query) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const title = document.createElement("h2");
    title.append(link);
    item.append(title);
    if (data.meta.date) {
      const date = document.createElement("p");
      date.className = "search-date";
      date.textContent = data.meta.date;
      item.append(date);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    const text = data.excerpt.includes("<mark>") ? marked(data.excerpt) : typed(data, query);
    excerpt.append(untitled(text, data.meta.title || ""));
    item.append(excerpt);
    return item;
  }

  // The title is indexed with the text (so it is found), and Pagefind's excerpt
  // then opens with it and a ". " it adds ("注意力是怎样工作的. Transformer…"): the
  // title is already shown above, so the excerpt starts after it, unless nothing
  // would be left.
  function untitled(fragment, title) {
    const text = fragment.textContent;
    if (!title || !text.startsWith(title)) return fragment;
    let skip = title.length + text.slice(title.length).match(/^\.?\s*/)[0].length;
    if (skip >= text.length) return fragment;
    for (const node of [...fragment.childNodes]) {
      if (skip <= 0) break;
      const length = node.textContent.length;
      if (length <= skip) node.remove();
      else node.textContent = node.textContent.slice(skip);
      skip -= length;
    }
    return fragment;
  }

  // Pagefind's Chinese segmenter may cut a word the reader typed into smaller
  // ones (注意力 into 注意 + 力): the page is found, but its excerpt marks
  // nothing. Then the excerpt is cut from the page's text around the words as
  // typed, and those are marked.
  function typed(data, query) {
    const text = plain(data.content);
    const terms = query.split(/\s+/).filter(Boolean);
    const lower = text.toLowerCase();
    const hits = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((at) => at >= 0);
    if (!hits.length) return marked(data.excerpt);
    const first = Math.min(...hits);
    const start = Math.max(0, first - 20);
    const cut = (start ? "…" : "") + text.slice(start, first + 60) + (first + 60 < text.length ? "…" : "");
    const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
    const out = document.createDocumentFragment();
    let last = 0;
    for (const hit of cut.matchAll(pattern)) {
      out.append(document.createTextNode(cut.slice(last, hit.index)));
      const mark = document.createElement("mark");
      mark.textContent = hit[0];
      out.append(mark);
      last = hit.index + hit[0].length;
    }
    out.append(document.createTextNode(cut.slice(last)));
    return out;
  }

  function plain(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    return parsed.content.textContent;
  }

  // Pagefind's excerpt is escaped text with <mark> around the matched words:
  // rebuilt from text nodes and <mark>s only, so nothing else can reach the page.
  function marked(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const out = document.createDocumentFragment();
    for (const node of parsed.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    }
    return out;
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 120);
  });
  input.form.addEventListener("submit", (event) => {
    event.preventDefault(); // already on the search page: search in place
    clearTimeout(timer);
    run(input.value);
  });
  // Down from the box goes to the first result; the results are links, so Tab,
  // Enter and the arrow keys below move through and open them.
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
  });

  const initial = new URLSearchParams(location.search).get("q") || "";
  if (initial) {
    input.value = initial;
    run(initial);
  }
  input.focus();
}
