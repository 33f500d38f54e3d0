// Sort the article table by a column: click (or Enter/Space on) a header button.
// Numbers sort numerically (data-sort), empty cells last. No network, no libraries.
document.querySelectorAll("table.nd-sortable").forEach(function (table) {
  var body = table.tBodies[0];
  table.querySelectorAll("thead th button").forEach(function (button, col) {
    button.addEventListener("click", function () {
      var th = button.parentElement;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var numeric = th.dataset.type === "number";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort;
        if (x === "" || x === undefined) return 1;
        if (y === "" || y === undefined) return -1;
        var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
