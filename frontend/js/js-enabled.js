// Runs before first paint so components styled for JavaScript do not flash. Kept external: the
// Content-Security-Policy forbids inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
