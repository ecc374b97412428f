// Keyboard movement in the data-entry grid: Enter or ArrowDown goes to the same input in the
// next row, ArrowUp to the previous row; ArrowLeft/ArrowRight at the edge of the text move
// between the inputs of a row. Tab keeps its usual order. Enter never submits the form.
(function () {
  "use strict";

  function inputsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input:not([disabled]), textarea:not([disabled])"));
  }

  function rowsOf(grid) {
    return Array.prototype.slice.call(grid.querySelectorAll("tbody tr")).filter(function (r) {
      return inputsOf(r).length > 0;
    });
  }

  function focusInRow(row, column) {
    var inputs = inputsOf(row);
    var target = inputs[Math.min(column, inputs.length - 1)];
    if (target) {
      target.focus();
      if (target.select) { target.select(); }
    }
  }

  function moveVertical(grid, field, step) {
    var row = field.closest("tr");
    var rows = rowsOf(grid);
    var next = rows[rows.indexOf(row) + step];
    if (next) { focusInRow(next, inputsOf(row).indexOf(field)); }
  }

  function moveHorizontal(field, step) {
    var inputs = inputsOf(field.closest("tr"));
    var next = inputs[inputs.indexOf(field) + step];
    if (next) { next.focus(); }
  }

  function atEdge(field, step) {
    if (field.selectionStart === undefined || field.selectionStart === null) { return true; }
    if (field.selectionStart !== field.selectionEnd) { return false; }
    return step < 0 ? field.selectionStart === 0 : field.selectionEnd === field.value.length;
  }

  function onKey(event) {
    var field = event.target;
    var grid = field.closest("[data-entry-grid]");
    if (!grid || field.tagName === "TEXTAREA" && event.key === "Enter") { return; }
    if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault();
      moveVertical(grid, field, 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      moveVertical(grid, field, -1);
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && atEdge(field, event.key === "ArrowLeft" ? -1 : 1)) {
      event.preventDefault();
      moveHorizontal(field, event.key === "ArrowLeft" ? -1 : 1);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.matches && event.target.matches("[data-entry-grid] input, [data-entry-grid] textarea")) {
      onKey(event);
    }
  });
})();
