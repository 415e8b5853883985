/* scout report: sort and filter for tables. The same script on every page, with no data in it;
   the pages work without it. Tables opt in with data-sortable; an input with data-filter-for
   (hidden until this runs) filters the rows of the table it names, a select with
   data-filter-column filters on one column by its text. Cells sort on data-sort when they have one. */
(function () {
  'use strict';
  function cellKey(row, i) {
    var c = row.cells[i];
    if (!c) return '';
    var v = c.getAttribute('data-sort');
    return v !== null ? v : c.textContent.trim();
  }
  function compare(a, b) {
    var x = parseFloat(a);
    var y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.trim() && String(y) === b.trim()) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
  }
  function sortBy(table, th, col) {
    var body = table.tBodies[0];
    if (!body) return;
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var d = compare(cellKey(r1, col), cellKey(r2, col));
      return asc ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
    if (!table.tHead || !table.tHead.rows[0]) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () { sortBy(table, th, col); });
    });
  });
  function applyFilters(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var controls = document.querySelectorAll('[data-filter-for="' + table.id + '"]');
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = true;
      Array.prototype.forEach.call(controls, function (c) {
        var q = c.value.trim().toLowerCase();
        if (!q) return;
        var colAttr = c.getAttribute('data-filter-column');
        var cell = colAttr === null ? null : row.cells[parseInt(colAttr, 10)];
        var hay = colAttr === null ? row.textContent : cell ? cell.textContent.trim() : '';
        if (colAttr === null ? hay.toLowerCase().indexOf(q) < 0 : hay.toLowerCase() !== q) ok = false;
      });
      row.hidden = !ok;
      if (ok) shown++;
    });
    var count = document.querySelector('[data-count-for="' + table.id + '"]');
    if (count) count.textContent = shown + ' of ' + body.rows.length + ' rows';
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter-for]'), function (c) {
    var table = document.getElementById(c.getAttribute('data-filter-for'));
    if (!table) return;
    var box = c.closest('.filters');
    if (box) box.hidden = false;
    c.addEventListener('input', function () { applyFilters(table); });
    c.addEventListener('change', function () { applyFilters(table); });
  });
})();
