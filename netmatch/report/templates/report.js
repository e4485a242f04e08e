/* The page's start: read the data element (JSON, or gzip + base64: see netmatch.report.embed), then draw. */
(function () {
  'use strict';
  var NM = window.NM;
  function decode(el) {
    if (el.getAttribute('data-enc') !== 'gzip') { return Promise.resolve(JSON.parse(el.textContent)); }
    var text = atob(el.textContent), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  var t0 = performance.now();
  NM.timing = {};  // milliseconds of each start-up step (benchmarks/bench_report.py reads them)
  decode(document.getElementById('nm-data')).then(function (data) {
    var t1 = performance.now();
    NM.data = data;
    NM.initTables(data, data.words);
    var t2 = performance.now();
    if (data.map) { NM.initMap(data.map, data.words); }
    var t3 = performance.now();
    NM.timing = {script: t0, data: t1 - t0, tables: t2 - t1, map: t3 - t2, ready: performance.now()};
    document.documentElement.setAttribute('data-ready', '1');
  });
})();
