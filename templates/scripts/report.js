// Filters and search for the kubeproof report. Runs from file:// with no network; without it,
// every section is shown in full. It only hides and shows what is already in the page.
(function () {
  'use strict';
  var bar = document.getElementById('filters');
  if (!bar) return;
  var $ = function (id) { return document.getElementById(id); };
  var controls = { framework: $('f-framework'), status: $('f-status'), severity: $('f-severity'), namespace: $('f-namespace'), search: $('f-search') };
  var frameworks = Array.prototype.slice.call(document.querySelectorAll('section.framework'));
  var requirements = Array.prototype.slice.call(document.querySelectorAll('article.req'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.fw-section'));
  var textCache = new WeakMap();
  function text(el) {
    var t = textCache.get(el);
    if (t === undefined) { t = (el.textContent || '').toLowerCase(); textCache.set(el, t); }
    return t;
  }
  function words(value) { return (value || '').split(' ').filter(Boolean); }
  function setHidden(el, hidden) { el.classList.toggle('is-hidden', hidden); }

  function apply() {
    var fw = controls.framework.value;
    var status = controls.status.value;
    var sev = controls.severity.value;
    var ns = controls.namespace.value;
    var q = controls.search.value.trim().toLowerCase();
    frameworks.forEach(function (f) { setHidden(f, !!fw && f.getAttribute('data-fw') !== fw); });
    var shown = 0;
    var total = 0;
    requirements.forEach(function (r) {
      var inFramework = !fw || r.getAttribute('data-fw') === fw;
      if (inFramework) total++;
      var ok = inFramework &&
        (!status || r.getAttribute('data-status') === status) &&
        (!sev || words(r.getAttribute('data-sev')).indexOf(sev) >= 0) &&
        (!ns || words(r.getAttribute('data-ns')).indexOf(ns) >= 0) &&
        (!q || text(r).indexOf(q) >= 0 || words(r.getAttribute('data-see')).some(function (id) {
          var g = document.getElementById(id);
          return !!g && text(g).indexOf(q) >= 0;
        }));
      setHidden(r, !ok);
      if (!ok) return;
      shown++;
      var head = r.querySelector('.req-head');
      var list = r.querySelector('.req-controls');
      var headMatches = !q || (head && text(head).indexOf(q) >= 0) || (list && text(list).indexOf(q) >= 0);
      // Rows are touched only when a filter reaches them, or to undo an earlier one: a large report
      // has hundreds of thousands.
      var rowFilter = !!(sev || ns || (q && !headMatches));
      if (!rowFilter && !r.hasAttribute('data-rows-filtered')) return;
      if (rowFilter) r.setAttribute('data-rows-filtered', '');
      else r.removeAttribute('data-rows-filtered');
      Array.prototype.forEach.call(r.querySelectorAll('.evidence'), function (g) {
        var groupOk = !sev || g.getAttribute('data-sev') === sev;
        var groupHead = headMatches || text(g.querySelector('h4')).indexOf(q) >= 0;
        var visibleRows = 0;
        Array.prototype.forEach.call(g.querySelectorAll('tbody tr'), function (row) {
          var rowOk = !rowFilter || (groupOk && (!ns || row.getAttribute('data-ns') === ns) && (groupHead || text(row).indexOf(q) >= 0));
          setHidden(row, !rowOk);
          if (rowOk) visibleRows++;
        });
        setHidden(g, visibleRows === 0);
      });
    });
    sections.forEach(function (s) { setHidden(s, !s.querySelector('article.req:not(.is-hidden)')); });
    $('f-count').textContent = shown + ' of ' + total + ' requirements shown';
  }

  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener(k === 'search' ? 'input' : 'change', apply);
  });
  $('f-reset').addEventListener('click', function () {
    Object.keys(controls).forEach(function (k) { controls[k].value = ''; });
    apply();
  });
  bar.hidden = false;
  // Everything is shown to start with: no need to walk the page before the first change.
  $('f-count').textContent = requirements.length + ' of ' + requirements.length + ' requirements shown';
})();
