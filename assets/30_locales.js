/* AG Grid texts in Chinese: grids name this function (layouts.components.grid_locale) instead of each
   carrying the ~30 kB AG_GRID_LOCALE_CN table (assets/vendor) in every callback response. */
window.dashAgGridFunctions = window.dashAgGridFunctions || {};
window.dashAgGridFunctions.localeTextZh = function (params) {
  var text = (window.AG_GRID_LOCALE_CN || {})[params.key];
  if (text === undefined) { return params.defaultValue; }
  (params.variableValues || []).forEach(function (v) { text = text.replace("${variable}", v); });
  return text;
};
