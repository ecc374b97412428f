// Long multiple choices (issuers, connected units, indicators) get a search box that filters
// the options, accent- and case-insensitively ("my hiep" finds "Mỹ Hiệp"), a click that adds or
// removes one option without losing the others, and a line that names what is chosen.
// Progressive enhancement: without JavaScript the plain <select multiple> still works.
(function () {
  "use strict";

  var MIN_OPTIONS = 12;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function labelOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : "";
  }

  function options(select) {
    return Array.prototype.slice.call(select.options);
  }

  function filter(select, query) {
    options(select).forEach(function (option) {
      option.hidden = query !== "" && fold(option.text).indexOf(query) === -1;
    });
  }

  function showChosen(select, line) {
    var names = options(select).filter(function (o) { return o.selected; })
      .map(function (o) { return o.text; });
    line.textContent = names.length
      ? "Đã chọn (" + names.length + "): " + names.join("; ")
      : "Chưa chọn mục nào.";
  }

  function toggleOnClick(select, line) {
    select.addEventListener("mousedown", function (event) {
      var option = event.target;
      if (option.tagName !== "OPTION" || event.shiftKey) { return; }
      event.preventDefault();
      option.selected = !option.selected;
      select.focus();
      showChosen(select, line);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function enhance(select) {
    if (select.dataset.choices || select.options.length < MIN_OPTIONS) { return; }
    select.dataset.choices = "on";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "choice-search";
    search.placeholder = "Gõ tên để tìm…";
    search.setAttribute("aria-label", "Tìm trong danh sách " + labelOf(select));
    if (select.id) { search.setAttribute("aria-controls", select.id); }
    var line = document.createElement("p");
    line.className = "help choice-chosen";
    line.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(search, select);
    select.parentNode.insertBefore(line, select.nextSibling);
    if (!select.getAttribute("size")) { select.size = 8; }
    search.addEventListener("input", function () { filter(select, fold(search.value.trim())); });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    select.addEventListener("change", function () { showChosen(select, line); });
    toggleOnClick(select, line);
    showChosen(select, line);
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[multiple]"), enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
