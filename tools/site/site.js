// Reading the Vote: draw every chart of the page with Vega-Embed, from scripts served by the site.
// Each chart is a <div class="vega-target" data-spec="ID"> and a <script type="application/json"
// id="ID"> holding its Vega-Lite spec, written by tools/build_site.py.
(function () {
  "use strict";

  function fail(target, error) {
    target.classList.add("chart-failed");
    var note = document.createElement("p");
    note.className = "chart-error";
    note.textContent = "This chart could not be drawn (" + error + "). " +
      (target.getAttribute("aria-label") || "");
    target.appendChild(note);
    console.error("chart " + target.id + ": " + error);
  }

  function draw(target) {
    var script = document.getElementById(target.getAttribute("data-spec"));
    var label = target.getAttribute("aria-label") || "";
    var spec;
    try {
      spec = JSON.parse(script.textContent);
    } catch (error) {
      fail(target, error);
      return Promise.resolve();
    }
    if (typeof window.vegaEmbed !== "function") {
      fail(target, "the chart scripts did not load");
      return Promise.resolve();
    }
    return window.vegaEmbed(target, spec, { renderer: "svg", actions: false })
      .then(function (result) {
        var marks = target.querySelector("svg.marks, canvas.marks");
        if (marks) {
          marks.__vegaView = result.view; // the live view, for tests that read its scenegraph
        }
        if (marks && label) {
          // The chart's description (from the notebook) is its alternative text.
          marks.setAttribute("role", "img");
          marks.setAttribute("aria-label", label);
          // Vega gives a mark with no encoding the role of one graphic but no label: name it.
          var unnamed = marks.querySelectorAll(
            '[role="graphics-symbol"]:not([aria-label]), [role="img"]:not([aria-label])');
          for (var i = 0; i < unnamed.length; i++) {
            unnamed[i].setAttribute("aria-label", label);
          }
        }
        target.classList.add("chart-ready");
        // A chart wider than the column scrolls inside its figure: let the keyboard reach it.
        var figure = target.closest("figure");
        if (figure && figure.scrollWidth > figure.clientWidth + 1) {
          figure.setAttribute("tabindex", "0");
          figure.setAttribute("aria-label", "Chart, scrolls sideways: " + label);
        }
      })
      .catch(function (error) {
        fail(target, error && error.message ? error.message : error);
      });
  }

  function drawAll() {
    var targets = document.querySelectorAll(".vega-target[data-spec]");
    var jobs = [];
    for (var i = 0; i < targets.length; i++) {
      jobs.push(draw(targets[i]));
    }
    Promise.all(jobs).then(function () {
      document.documentElement.setAttribute("data-charts-drawn", String(targets.length));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
