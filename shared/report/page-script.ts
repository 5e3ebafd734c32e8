/**
 * The page's own script: draws every chart of the embedded data with
 * vega-embed and recolours the map on the reader's pick. It reads data only
 * from the JSON block, so no value from the run is ever parsed as code.
 * `window.reportViews` holds each chart's vega View; `body[data-charts]`
 * turns `ready` (or `failed`) once all are drawn.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var views = {};
  var results = {};
  window.reportViews = views;
  var options = { renderer: 'svg', actions: false, mode: 'vega-lite' };

  function embed(id, spec) {
    var element = document.querySelector('[data-chart="' + id + '"]');
    if (results[id]) results[id].finalize();
    return vegaEmbed(element, spec, options).then(function (result) {
      results[id] = result;
      views[id] = result.view;
    });
  }

  function recolourMap(key) {
    var base = data.charts.map;
    var encoding = Object.assign({}, base.encoding, { color: data.colorings[key] });
    return embed('map', Object.assign({}, base, { encoding: encoding }));
  }

  var drawn = Object.keys(data.charts).map(function (id) {
    return embed(id, data.charts[id]);
  });
  var select = document.getElementById('map-colour');
  if (select) {
    select.addEventListener('change', function () {
      document.body.dataset.map = 'drawing';
      recolourMap(select.value).then(function () {
        document.body.dataset.map = select.value;
      });
    });
  }
  Promise.all(drawn).then(
    function () { document.body.dataset.charts = 'ready'; },
    function (error) { document.body.dataset.charts = 'failed'; console.error(error); }
  );
})();`;
