import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { onUnauthorized } from './api/http'
import { bindLocale, createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { useLocaleStore } from './stores/locale.store'
import { resettableStores } from './stores/reset'
import { useSessionStore } from './stores/session.store'
import './styles/main.css'

const pinia = createPinia()
pinia.use(resettableStores)
const localeStore = useLocaleStore(pinia)
const i18n = createAppI18n(localeStore.locale)
const router = createAppRouter(pinia)
bindLocale(i18n, localeStore, router)

// A call answering 401 means the session ended on the server: back to
// sign-in, and then to the page the user was on.
onUnauthorized(() => {
  const session = useSessionStore(pinia)
  if (!session.signedIn) return
  session.expire()
  const current = router.currentRoute.value
  void router.push({
    name: 'sign-in',
    query: current.meta.public ? {} : { redirect: current.fullPath },
  })
})

const app = createApp(App)
app.use(pinia)
app.use(i18n)
app.use(router)
await router.isReady()
app.mount('#app')
