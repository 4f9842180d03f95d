// Progressive enhancement only: every page works without this file.
import { initAll } from './govuk-frontend.min.js'

initAll()

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
