// Dashboard charts: options come from the server (json_script); a click opens the ledger filtered to the segment.
(function () {
  var source = document.getElementById("chart-options");
  if (!source || typeof echarts === "undefined") { return; }
  var options = JSON.parse(source.textContent);
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var option = options[element.dataset.chart];
    if (!option) { return; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.href = params.data.url; }
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
