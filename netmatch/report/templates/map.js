/* The report's map: Leaflet on a canvas, large registries clustered by supercluster.
   The data are the columns of netmatch.report.map.map_data; every text is set as text, never as HTML. */
(function () {
  'use strict';
  var NM = window.NM = window.NM || {};
  // by status code (netmatch.report.map.STATUS_ORDER): fill, edge, drawing rank (ШНОР and ШНСУ drawn last, on top)
  var FILL = ['#d1495b', '#f3a712', '#d1495b', '#2a9d8f', '#a9b4c2', '#ffffff'];
  var EDGE = ['#ffffff', '#ffffff', '#f3a712', '#ffffff', '#ffffff', '#8a99ab'];
  var RANK = [4, 3, 5, 2, 0, 1];
  var WORD = ['low', 'unf', 'both', 'leader', 'ordinary', 'nodata'];
  var LABEL_ZOOM = 12, FEW = 40, MAX_LABELS = 80, MAX_LINES = 3000;

  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }

  NM.initMap = function (D, W) {
    var box = document.getElementById('map');
    if (!box || !window.L) { return; }
    var lang = document.documentElement.lang, n = D.id.length;
    ['stl', 'why', 'res', 'alone', 'centre'].forEach(function (k) {  // netmatch.report.embed.compact columns
      var c = D[k];
      D[k] = c.d ? c.i.map(function (j) { return c.d[j]; }) : c.s;
    });
    var lon = D.lon.map(function (x) { return D.wrap && x < 0 ? x + 360 : x; });
    function at(i) { return L.latLng(D.lat[i], lon[i]); }
    // partner organisations: their own points (no school index), and the members of the associations they lead
    var O = D.orgs || {id: [], name: [], kind: [], lat: [], lon: [], a: [], b: []};
    function atOrg(k) { return L.latLng(O.lat[k], D.wrap && O.lon[k] < 0 ? O.lon[k] + 360 : O.lon[k]); }
    var map = L.map(box, {preferCanvas: true, zoomSnap: 0.5, zoomDelta: 0.5, wheelPxPerZoomLevel: 90});
    NM.map = map;
    var canvas = L.canvas({padding: 0.2});

    // backgrounds: none by default (no request leaves the page); OpenStreetMap when the reader asks for it
    var plain = L.layerGroup().addTo(map);
    var osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'});
    var bases = {}, overlays = {}, statusOn = [false, false, false, false, false, false], switches = {};
    bases[escapeHtml(W.m_plain)] = plain;
    bases[escapeHtml(W.m_osm)] = osm;
    var count = [0, 0, 0, 0, 0, 0];
    D.st.forEach(function (c) { count[c] += 1; });
    function swatch(style, word, k) {
      return '<span class="sw' + (style.indexOf('height:0') >= 0 ? ' line' : '') + '" style="' + style + '"></span>' + escapeHtml(W[word]) +
        (k === undefined ? '' : ' (' + k.toLocaleString(lang) + ')');
    }
    WORD.forEach(function (word, c) {
      if (!count[c]) { return; }
      var g = L.layerGroup().addTo(map);
      g.nmStatus = c;
      statusOn[c] = true;
      overlays[swatch('background:' + FILL[c] + ';border-color:' + EDGE[c], word, count[c])] = g;
    });
    function addSwitch(key, style, word, k, on) {
      if (!k) { return; }
      switches[key] = L.layerGroup();
      if (on) { switches[key].addTo(map); }
      overlays[swatch(style, word, k)] = switches[key];
    }
    var remoteN = D.pairs.remote.reduce(function (a, b) { return a + b; }, 0);
    addSwitch('pair', 'border-top:3px solid #264653;height:0', 'pair', D.pairs.a.length - remoteN, true);
    addSwitch('remote', 'border-top:3px dashed #264653;height:0', 'remote', remoteN, true);
    addSwitch('flow', 'border-top:2px dotted #7b2cbf;height:0', 'flow', D.flows.a.length, true);
    addSwitch('assoc', 'border-top:2px dashed #e76f51;height:0', 'assoc', (D.assoc ? D.assoc.a.length : 0) + O.a.length,
      true);
    addSwitch('groups', 'border-top:2px dashed #2a9d8f;height:0', 'm_groups', D.groups ? D.groups.a.length : 0, true);
    addSwitch('orgs', 'border:2px solid #1d3557;background:#e9f1fb;border-radius:2px', 'm_orgs', O.id.length, true);
    addSwitch('hosts', 'border:2px solid #7b2cbf;background:#efe3fb', 'm_hosts', D.hosts.i.length, true);
    addSwitch('centres', 'border:3px dashed #1f6feb', 'new', D.centres.length, true);
    // the switches stand beside the map (with their colours they are its legend), not over it
    var control = L.control.layers(bases, overlays, {collapsed: false, sortLayers: false}).addTo(map);
    var side = document.querySelector('.map-side');
    if (side) { side.insertBefore(control.getContainer(), side.firstChild); }
    L.control.scale({imperial: false, maxWidth: 160}).addTo(map);
    var lineNote = L.control({position: 'bottomright'});
    lineNote.onAdd = function () { return node('div', 'nm-line-note'); };
    lineNote.addTo(map);

    var isHost = new Int8Array(n);
    D.hosts.i.forEach(function (i, k) { isHost[i] = D.hosts.tr[k] ? 2 : 1; });
    var pairsOf = [];
    for (var i = 0; i < n; i++) { pairsOf.push([]); }
    D.pairs.a.forEach(function (a, k) { pairsOf[a].push(k); pairsOf[D.pairs.b[k]].push(k); });

    var index = null;
    function rebuild() {
      if (!D.cluster) { return; }
      var feats = [];
      for (var i = 0; i < n; i++) {
        if (statusOn[D.st[i]]) {
          feats.push({type: 'Feature', properties: {i: i, p: D.st[i] <= 2 ? 1 : 0},
            geometry: {type: 'Point', coordinates: [D.lon[i], D.lat[i]]}});
        }
      }
      index = new Supercluster({radius: 60, maxZoom: 10, minPoints: 3,
        map: function (p) { return {p: p.p}; }, reduce: function (a, b) { a.p += b.p; }});
      index.load(feats);
    }

    function tip(i) {
      var e = node('div');
      e.appendChild(node('b', null, D.id[i] + ' — ' + D.name[i]));
      e.appendChild(node('div', null, D.stl[i]));
      var others = pairsOf[i].map(function (k) { return D.id[D.pairs.a[k] === i ? D.pairs.b[k] : D.pairs.a[k]]; });
      if (others.length) { e.appendChild(node('div', null, '↔ ' + others.join(', '))); }
      return e;
    }
    function dot(i) {
      var c = D.st[i];
      var m = L.circleMarker(at(i), {renderer: canvas, radius: c === 3 ? 7 : 6, color: EDGE[c],
        weight: c === 2 ? 3 : 1.5, fillColor: FILL[c], fillOpacity: 1, dashArray: c === 5 ? '3 2' : null});
      m.bindTooltip(function () { return tip(i); }, {direction: 'top', offset: [0, -6], className: 'nm-tip'});
      m.on('click', function () { select(i, false); });
      return m;
    }
    function cluster(f) {
      var k = f.properties.point_count, p = f.properties.p, share = Math.round(100 * p / k);
      var size = k < 50 ? 34 : k < 500 ? 42 : 50, c = f.geometry.coordinates;
      var div = node('div', 'nm-cluster');
      div.style.background = 'conic-gradient(#d1495b 0 ' + share + '%, #a9b4c2 ' + share + '% 100%)';
      div.appendChild(node('span', null, k.toLocaleString(lang)));
      var m = L.marker([c[1], D.wrap && c[0] < 0 ? c[0] + 360 : c[0]], {keyboard: false,
        icon: L.divIcon({html: div, className: 'nm-cluster-icon', iconSize: [size, size]})});
      m.bindTooltip(node('span', null, k.toLocaleString(lang) + ' ' + W.m_schools_n + ', ' + W.m_priority + ': ' +
        p.toLocaleString(lang)), {direction: 'top', className: 'nm-tip'});
      m.on('click', function () {
        map.setView(m.getLatLng(), Math.min(index.getClusterExpansionZoom(f.properties.cluster_id), 17));
      });
      return m;
    }
    function label(i) {
      var text = D.id[i].length <= 8 ? D.id[i] : (D.name[i].length > 30 ? D.name[i].slice(0, 29) + '…' : D.name[i]);
      return L.marker(at(i), {interactive: false, keyboard: false,
        icon: L.divIcon({html: node('span', null, text), className: 'nm-label', iconSize: null, iconAnchor: [-9, 9]})});
    }

    var points = L.layerGroup().addTo(map), marks = L.layerGroup().addTo(map), lines = L.layerGroup().addTo(map);
    var labels = L.layerGroup().addTo(map), chosen = L.layerGroup().addTo(map);
    var selected = -1;
    NM.labelled = [];

    function visible() {
      var pts = [], groups = [];
      if (D.cluster) {
        var b = map.getBounds().pad(0.1), w = b.getWest(), e = b.getEast();
        if (e - w >= 360) { w = -180; e = 180; }
        index.getClusters([w, Math.max(-85, b.getSouth()), e, Math.min(85, b.getNorth())], Math.floor(map.getZoom()))
          .forEach(function (f) { if (f.properties.cluster) { groups.push(f); } else { pts.push(f.properties.i); } });
      } else {
        for (var i = 0; i < n; i++) { if (statusOn[D.st[i]]) { pts.push(i); } }
      }
      pts.sort(function (a, b) { return RANK[D.st[a]] - RANK[D.st[b]] || a - b; });
      return {pts: pts, groups: groups};
    }
    function drawLines(shown) {
      var wanted = [], total = 0;
      function add(key, a, b, style) {
        if (!switches[key] || !map.hasLayer(switches[key])) { return; }
        for (var k = 0; k < a.length; k++) {
          if (style(k) && (shown[a[k]] || shown[b[k]])) {
            total += 1;
            if (wanted.length < MAX_LINES) { wanted.push([a[k], b[k], style(k)]); }
          }
        }
      }
      var pair = {color: '#264653', weight: 3, opacity: 0.85}, far = {color: '#264653', weight: 3, opacity: 0.85,
        dashArray: '8 6'}, flow = {color: '#7b2cbf', weight: 1.6, opacity: 0.8, dashArray: '2 4'},
        assoc = {color: '#e76f51', weight: 2, opacity: 0.8, dashArray: '5 4'},
        grp = {color: '#2a9d8f', weight: 1.6, opacity: 0.8, dashArray: '1 3'};
      if (D.groups) { add('groups', D.groups.a, D.groups.b, function () { return grp; }); }
      add('flow', D.flows.a, D.flows.b, function () { return flow; });
      if (D.assoc) { add('assoc', D.assoc.a, D.assoc.b, function () { return assoc; }); }
      if (switches.assoc && map.hasLayer(switches.assoc)) {  // to an organisation: drawn from its member's side
        O.a.forEach(function (i, k) {
          if (shown[i] && wanted.length < MAX_LINES) { total += 1; wanted.push([i, -1 - O.b[k], assoc]); }
        });
      }
      add('pair', D.pairs.a, D.pairs.b, function (k) { return D.pairs.remote[k] ? null : pair; });
      add('remote', D.pairs.a, D.pairs.b, function (k) { return D.pairs.remote[k] ? far : null; });
      wanted.forEach(function (w) {
        var o = w[2];
        L.polyline([at(w[0]), w[1] < 0 ? atOrg(-1 - w[1]) : at(w[1])], {renderer: canvas, color: o.color, weight: o.weight, opacity: o.opacity,
          dashArray: o.dashArray || null, interactive: false}).addTo(lines);
      });
      var note = document.querySelector('.nm-line-note');
      note.textContent = total > wanted.length ?
        W.m_lines_cut.replace('{k}', wanted.length.toLocaleString(lang)).replace('{n}', total.toLocaleString(lang)) : '';
    }
    function drawMarks(pts) {
      if (switches.hosts && map.hasLayer(switches.hosts)) {
        pts.forEach(function (i) {
          if (isHost[i]) {
            L.circleMarker(at(i), {renderer: canvas, radius: 11, color: '#7b2cbf', weight: 2, interactive: false,
              fill: isHost[i] === 2, fillColor: '#efe3fb', fillOpacity: 1}).addTo(marks);
          }
        });
      }
      if (switches.orgs && map.hasLayer(switches.orgs)) {
        O.id.forEach(function (code, k) {  // few, drawn at every zoom: squares, so no school is taken for one
          var m = L.marker(atOrg(k), {keyboard: false, icon: L.divIcon({className: 'nm-org', iconSize: [14, 14]})});
          m.bindTooltip(node('span', null, code + ' — ' + O.name[k] + ' (' + O.kind[k] + ')'),
            {direction: 'top', offset: [0, -6], className: 'nm-tip'});
          m.addTo(marks);
        });
      }
      if (switches.centres && map.hasLayer(switches.centres)) {
        D.centres.forEach(function (i) {  // few, and drawn at every zoom: clusters never hide them
          L.circleMarker(at(i), {renderer: canvas, radius: 15, color: '#1f6feb', weight: 3, dashArray: '5 3',
            fill: false, interactive: false}).addTo(marks);
        });
      }
    }
    function drawLabels(pts) {
      NM.labelled = [];
      var size = map.getSize(), inView = [];
      pts.forEach(function (i) {
        var p = map.latLngToContainerPoint(at(i));
        if (p.x >= 0 && p.y >= 0 && p.x < size.x && p.y < size.y) { inView.push([i, p]); }
      });
      if (map.getZoom() < LABEL_ZOOM && inView.length > FEW) { return; }
      var placed = [];
      for (var k = inView.length - 1; k >= 0 && placed.length < MAX_LABELS; k--) {  // ШНОР and ШНСУ first
        var i = inView[k][0], p = inView[k][1];
        var len = D.id[i].length <= 8 ? D.id[i].length : Math.min(D.name[i].length, 30);
        var b = [p.x + 8, p.y - 9, p.x + 14 + 7 * len, p.y + 9];
        if (b[2] > size.x) { continue; }
        var free = placed.every(function (q) { return b[0] >= q[2] || q[0] >= b[2] || b[1] >= q[3] || q[1] >= b[3]; });
        if (free) { placed.push(b); label(i).addTo(labels); NM.labelled.push(D.id[i]); }
      }
    }
    function draw() {
      points.clearLayers(); marks.clearLayers(); lines.clearLayers(); labels.clearLayers();
      var v = visible(), shown = new Uint8Array(n);
      v.pts.forEach(function (i) { shown[i] = 1; });
      drawLines(shown);
      drawMarks(v.pts);
      v.groups.forEach(function (f) { cluster(f).addTo(points); });
      v.pts.forEach(function (i) { dot(i).addTo(points); });
      drawLabels(v.pts);
      var by = [0, 0, 0, 0, 0, 0];
      v.pts.forEach(function (i) { by[D.st[i]] += 1; });
      NM.drawn = {points: v.pts.length, clusters: v.groups.length, byStatus: by, lines: lines.getLayers().length};
      NM.idle = true;  // drawn after the last move (the tests and the benchmark wait for it)
    }

    var panel = document.getElementById('map-panel');
    function entry(dl, term, values) {
      if (!values.length || !values[0]) { return; }
      dl.appendChild(node('dt', null, term));
      var dd = node('dd');
      values.forEach(function (v) {
        if (typeof v === 'number') {
          var k = v, j = D.pairs.a[k] === selected ? D.pairs.b[k] : D.pairs.a[k];
          var b = node('button', 'link', D.id[j] + ' — ' + D.name[j]);
          b.type = 'button';
          b.addEventListener('click', function () { select(j, true); });
          var line = node('div');
          line.appendChild(b);
          line.appendChild(document.createTextNode(' (' + D.pairs.km[k] + ')'));
          dd.appendChild(line);
        } else {
          dd.appendChild(node('div', null, v));
        }
      });
      dl.appendChild(dd);
    }
    function select(i, move) {
      selected = i;
      chosen.clearLayers();
      L.circleMarker(at(i), {renderer: canvas, radius: 13, color: '#1f6feb', weight: 3, fill: false,
        interactive: false}).addTo(chosen);
      panel.replaceChildren();
      var close = node('button', 'close', '×');
      close.type = 'button';
      close.setAttribute('aria-label', W.m_close);
      close.addEventListener('click', function () { panel.hidden = true; chosen.clearLayers(); selected = -1; });
      panel.appendChild(close);
      panel.appendChild(node('h3', null, D.id[i] + ' — ' + D.name[i]));
      var dl = node('dl'), leaders = [], partners = [];
      pairsOf[i].forEach(function (k) { (D.pairs.b[k] === i ? leaders : partners).push(k); });
      entry(dl, W.m_p_status, [D.stl[i]]);
      entry(dl, W.m_p_leader, leaders);
      entry(dl, W.m_p_partners, partners);
      entry(dl, W.m_p_alone, [D.alone[i]]);
      entry(dl, W.m_p_why, [D.why[i]]);
      entry(dl, W.m_p_res, [D.res[i]]);
      entry(dl, W.m_p_centre, [D.centre[i]]);
      panel.appendChild(dl);
      panel.hidden = false;
      if (move) { map.setView(at(i), Math.max(map.getZoom(), 14)); }
    }
    NM.select = select;

    // search by name or code
    var input = document.getElementById('map-search'), found = document.getElementById('map-found');
    var hay = D.id.map(function (id, i) { return (id + ' ' + D.name[i]).toLowerCase(); }), timer = 0, hits = [];
    function find() {
      var q = input.value.trim().toLowerCase();
      found.replaceChildren();
      hits = [];
      if (!q) { return; }
      for (var i = 0; i < n && hits.length < 12; i++) { if (D.id[i].toLowerCase() === q) { hits.push(i); } }
      for (i = 0; i < n && hits.length < 12; i++) { if (hay[i].indexOf(q) >= 0 && hits.indexOf(i) < 0) { hits.push(i); } }
      if (!hits.length) { found.appendChild(node('li', 'none', W.m_found_none)); }
      hits.forEach(function (j) {
        var li = node('li'), b = node('button', null, D.id[j] + ' — ' + D.name[j]);
        b.type = 'button';
        b.addEventListener('click', function () { found.replaceChildren(); select(j, true); });
        li.appendChild(b);
        found.appendChild(li);
      });
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(find, 120); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); find(); if (hits.length) { found.replaceChildren(); select(hits[0], true); } }
    });

    map.on('overlayadd overlayremove', function (e) {
      if (e.layer.nmStatus !== undefined) { statusOn[e.layer.nmStatus] = e.type === 'overlayadd'; rebuild(); }
      draw();
    });
    map.on('movestart', function () { NM.idle = false; });
    map.on('moveend', draw);
    rebuild();
    var all = L.latLngBounds(D.lat.map(function (la, i) { return [la, lon[i]]; }));
    if (n === 1 || all.getNorthEast().equals(all.getSouthWest())) { map.setView(all.getCenter(), 13); }
    else { map.fitBounds(all, {padding: [24, 24], maxZoom: 15}); }
  };
})();
