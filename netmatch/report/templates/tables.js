/* The report's tables: sort by a header, search, and pages for a table carried as data (netmatch.report.embed). */
(function () {
  'use strict';
  var NM = window.NM = window.NM || {};
  var collator = new Intl.Collator(document.documentElement.lang || 'ru', {numeric: true, sensitivity: 'base'});

  // keys of one column: numbers first (by value), then texts (in the page's language)
  function compareBy(num, text) {
    return function (a, b) {
      var x = num[a], y = num[b], xn = x === x, yn = y === y; // NaN: no number
      if (xn !== yn) { return xn ? -1 : 1; }
      if (xn) { return x - y; }
      return collator.compare(text(a), text(b));
    };
  }

  function sortRows(rows, num, text, dir) {
    var cmp = compareBy(num, text);
    var pos = new Int32Array(rows.length);
    rows.forEach(function (r, k) { pos[r] = k; });
    rows.sort(function (a, b) { return (dir === 'descending' ? -cmp(a, b) : cmp(a, b)) || pos[a] - pos[b]; });
  }

  // a table drawn in the page: its rows are moved or hidden
  function StaticTable(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    this.sort = function (col, dir) {
      var idx = rows.map(function (_, k) { return k; });
      var num = new Float64Array(rows.length), texts = [];
      rows.forEach(function (r, k) {
        var c = r.cells[col], v = c.getAttribute('data-v');
        num[k] = v !== null && v !== '' ? parseFloat(v) : NaN;
        texts.push(c.textContent.trim());
      });
      sortRows(idx, num, function (k) { return texts[k]; }, dir);
      idx.forEach(function (k) { body.appendChild(rows[k]); });
    };
    this.search = function (q) {
      rows.forEach(function (r) { r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0; });
    };
  }

  function column(enc) {
    if (enc.d) { var d = enc.d, ix = enc.i; return function (r) { return d[ix[r]]; }; }
    var s = enc.s; return function (r) { return s[r]; };
  }

  // a table carried as data: one page of rows is drawn at a time
  function DataTable(table, spec, W) {
    var n = spec.n, size = parseInt(table.getAttribute('data-paged'), 10) || 100;
    var texts = spec.c.map(column), kinds = spec.kinds;
    var nums = spec.c.map(function (enc) {
      if (!enc.v) { return null; }
      var a = new Float64Array(n);
      for (var r = 0; r < n; r++) { a[r] = enc.v[r] === null ? NaN : enc.v[r]; }
      return a;
    });
    var order = [], shown, page = 0, query = '', hay = null;
    for (var r = 0; r < n; r++) { order.push(r); }
    shown = order;
    var pager = document.querySelector('.pager[data-for="' + table.id + '"]');
    var prev = document.createElement('button'), next = document.createElement('button');
    var where = document.createElement('span');
    prev.type = next.type = 'button';
    prev.textContent = W.t_prev; next.textContent = W.t_next;
    prev.addEventListener('click', function () { page -= 1; draw(); });
    next.addEventListener('click', function () { page += 1; draw(); });
    if (pager) { pager.appendChild(prev); pager.appendChild(where); pager.appendChild(next); }

    function draw() {
      var pages = Math.max(1, Math.ceil(shown.length / size));
      page = Math.max(0, Math.min(page, pages - 1));
      var frag = document.createDocumentFragment();
      var end = Math.min(shown.length, (page + 1) * size);
      for (var k = page * size; k < end; k++) {
        var row = shown[k], tr = document.createElement('tr');
        for (var c = 0; c < texts.length; c++) {
          var td = document.createElement('td');
          td.className = kinds[c];
          td.textContent = texts[c](row);
          if (nums[c] && nums[c][row] === nums[c][row]) { td.setAttribute('data-v', nums[c][row]); }
          tr.appendChild(td);
        }
        frag.appendChild(tr);
      }
      table.tBodies[0].replaceChildren(frag);
      where.textContent = shown.length ? W.t_rows.replace('{a}', page * size + 1).replace('{b}', end)
        .replace('{n}', shown.length.toLocaleString(document.documentElement.lang)) : W.t_none;
      prev.disabled = page === 0; next.disabled = end >= shown.length;
    }
    function filter() {
      if (query === '') { shown = order; return; }
      if (hay === null) {
        hay = [];
        for (var r = 0; r < n; r++) {
          var parts = [];
          for (var c = 0; c < texts.length; c++) { parts.push(texts[c](r)); }
          hay.push(parts.join('\u0001').toLowerCase());
        }
      }
      shown = order.filter(function (r) { return hay[r].indexOf(query) >= 0; });
    }
    this.sort = function (col, dir) {
      sortRows(order, nums[col] || new Float64Array(n).fill(NaN), texts[col], dir);
      filter(); page = 0; draw();
    };
    this.search = function (q) { query = q; filter(); page = 0; draw(); };
    this.page = function (k) { page = k; draw(); };
    draw();
  }

  NM.tables = {};
  NM.initTables = function (data, W) {
    document.querySelectorAll('table.sortable').forEach(function (table) {
      var spec = data.tables[table.id.slice(2)];
      var ctl = table.hasAttribute('data-paged') && spec ? new DataTable(table, spec, W) : new StaticTable(table);
      NM.tables[table.id.slice(2)] = ctl;
      table.querySelectorAll('thead th').forEach(function (th, col) {
        function go() {
          var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
          table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', dir);
          ctl.sort(col, dir);
        }
        th.addEventListener('click', go);
        th.addEventListener('keydown', function (e) {
          if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
        });
      });
    });
    document.querySelectorAll('input.table-search').forEach(function (box) {
      var ctl = NM.tables[box.getAttribute('data-for').slice(2)], timer = 0;
      box.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { ctl.search(box.value.trim().toLowerCase()); }, 150);
      });
    });
  };
})();
