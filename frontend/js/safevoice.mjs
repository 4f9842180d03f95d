// Progressive enhancement only: every page works without this file.
import { ExitThisPage, createAll, initAll } from './govuk-frontend.min.js'

// GOV.UK's Exit this page, leaving through our /exit/ (which ends the visit) with location.replace, so the page
// being left is taken out of the history and Back does not return to it. Everything else (Shift three times, the
// blank overlay, the announcements) is GOV.UK's own.
class SafeVoiceExitThisPage extends ExitThisPage {
  static moduleName = 'safevoice-exit-this-page'

  exitPage () {
    document.body.classList.add('govuk-exit-this-page-hide-content')
    const overlay = document.createElement('div')
    overlay.className = 'govuk-exit-this-page-overlay'
    overlay.setAttribute('role', 'alert')
    overlay.textContent = this.i18n.t('activated')
    document.body.appendChild(overlay)
    window.location.replace(this.$button.href)
  }
}

initAll()
createAll(SafeVoiceExitThisPage)

// Copy-link controls: <button class="safevoice-copy-link" data-copy-text="..." data-copied-text="...">
for (const button of document.querySelectorAll('[data-copy-text]')) {
  const status = document.getElementById(button.getAttribute('aria-controls') || '')
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.copyText)
      if (status) status.textContent = button.dataset.copiedText || ''
    } catch {
      if (status) status.textContent = button.dataset.copyFailedText || ''
    }
  })
}
