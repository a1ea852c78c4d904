// The email shortcode keeps its address out of the page's text (base64 in data-email,
// out of reach of simple address harvesters) and makes the link a mailto: one here.
for (const link of document.querySelectorAll("a.email-link[data-email]")) {
  let address;
  try {
    address = atob(link.dataset.email);
  } catch {
    continue; // not base64: leave the link as it is
  }
  const subject = link.dataset.subject;
  link.href = "mailto:" + address + (subject ? "?subject=" + encodeURIComponent(subject) : "");
}
