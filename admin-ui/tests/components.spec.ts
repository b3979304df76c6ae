import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import FormField from '../src/components/FormField.vue'
import LanguageSwitch from '../src/components/LanguageSwitch.vue'
import ModalDialog from '../src/components/ModalDialog.vue'
import UnitTree from '../src/components/UnitTree.vue'
import UserMenu from '../src/components/UserMenu.vue'
import { useLocaleStore } from '../src/stores/locale.store'
import { useSessionStore } from '../src/stores/session.store'
import type { UnitNode } from '../src/stores/units.store'
import { apiUnit, apiUser } from './support/fake_server'
import { mountInApp } from './support/mount'

function key(element: Element, name: string) {
  element.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }))
}

describe('components', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('FormField should tie the label, hint and errors to the control', () => {
    const { wrapper } = mountInApp(FormField, {
      props: { label: 'Email', hint: 'Work address', errors: ['Taken'], required: true },
      slots: {
        default: `<template #default="{ id, describedBy, invalid }">
          <input :id="id" :aria-describedby="describedBy" :aria-invalid="invalid" />
        </template>`,
      },
    })
    const input = wrapper.get('input')
    const label = wrapper.get('label')
    expect(label.attributes('for')).toBe(input.attributes('id'))
    expect(label.text()).toContain('bắt buộc')
    const described = input.attributes('aria-describedby')!.split(' ')
    expect(described.map((id) => document.getElementById(id)?.textContent?.trim())).toEqual([
      'Work address',
      'Taken',
    ])
    expect(input.attributes('aria-invalid')).toBe('true')
  })

  it('ModalDialog should ask to close on Escape and give the focus back', async () => {
    // given a button that opens a dialog
    const Host = defineComponent({
      setup() {
        const open = ref(false)
        return () => [
          h('button', { id: 'opener', onClick: () => (open.value = true) }, 'open'),
          h(
            ModalDialog,
            { open: open.value, title: 'Đổi tên', onClose: () => (open.value = false) },
            () => h('input', { id: 'inside' })
          ),
        ]
      },
    })
    const { wrapper } = mountInApp(Host)
    const opener = wrapper.get('#opener').element as HTMLButtonElement
    opener.focus()

    // when it opens
    await wrapper.get('#opener').trigger('click')
    await nextTick()
    await nextTick()

    // then the focus is inside, and the dialog is named by its title
    const dialog = wrapper.get('dialog').element as HTMLDialogElement
    expect(dialog.open).toBe(true)
    expect(document.activeElement?.id).toBe('inside')
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe(
      'Đổi tên'
    )

    // when Escape asks to cancel
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }))
    await nextTick()
    await nextTick()

    // then it closes and the focus returns to the opener
    expect(dialog.open).toBe(false)
    expect(document.activeElement).toBe(opener)
  })

  it('UserMenu should open from the keyboard, move with arrows and close on Escape', async () => {
    const { wrapper, pinia } = mountInApp(UserMenu)
    useSessionStore(pinia).user = apiUser() as never
    await nextTick()
    const button = wrapper.get('button[aria-haspopup="menu"]')
    expect(button.attributes('aria-label')).toBe('Tài khoản: Nguyễn Văn An')

    // when ArrowDown opens it
    ;(button.element as HTMLElement).focus()
    await button.trigger('keydown', { key: 'ArrowDown' })
    await nextTick()

    // then the first item has the focus
    const items = wrapper.findAll('[role="menuitem"]')
    expect(button.attributes('aria-expanded')).toBe('true')
    expect(document.activeElement).toBe(items[0].element)

    // and the arrows wrap around
    key(items[0].element, 'ArrowUp')
    expect(document.activeElement).toBe(items[2].element)
    expect(items[2].text()).toBe('Đăng xuất')

    // when Escape closes it, the focus returns to the button
    key(items[2].element, 'Escape')
    await nextTick()
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(button.element)
  })

  it('LanguageSwitch should switch the language and say which is on', async () => {
    const { wrapper, pinia, i18n } = mountInApp(LanguageSwitch)
    const [vietnamese, en] = wrapper.findAll('button')
    expect(vietnamese.attributes('aria-pressed')).toBe('true')
    expect(en.attributes('lang')).toBe('en')

    await en.trigger('click')
    await nextTick()

    expect(useLocaleStore(pinia).locale).toBe('en')
    expect(en.attributes('aria-pressed')).toBe('true')
    // the app binds i18n to the store in main.ts; the switch itself only changes the store
    expect(i18n.global.locale.value).toBe('vi')
  })

  it('UnitTree should move with the arrows, open and close units, and select with Enter', async () => {
    // given MOFA > CONSULAR > LEGAL, and OFFICE
    const node = (
      unit: ReturnType<typeof apiUnit>,
      depth: number,
      children: UnitNode[] = []
    ): UnitNode => ({ unit, depth, children })
    const legal = node(apiUnit(3, 'LEGAL', 2), 2)
    const consular = node(apiUnit(2, 'CONSULAR', 1), 1, [legal])
    const mofa = node(apiUnit(1, 'MOFA', null), 0, [consular, node(apiUnit(4, 'OFFICE', 1), 1)])
    const { wrapper } = mountInApp(UnitTree, {
      props: { nodes: [mofa], selectedId: null, label: 'Cây' },
    })
    await nextTick()
    const tree = wrapper.get('[role="tree"]').element
    const item = (id: number) => tree.querySelector<HTMLElement>(`[data-unit-id="${id}"]`)
    const focused = () => Number((document.activeElement as HTMLElement).dataset.unitId)

    // the first two levels are open; one tab stop
    expect(
      wrapper.findAll('[role="treeitem"]').map((entry) => entry.attributes('data-unit-id'))
    ).toEqual(['1', '2', '3', '4'])
    expect(wrapper.findAll('[tabindex="0"]')).toHaveLength(1)
    expect(item(1)?.getAttribute('aria-expanded')).toBe('true')

    item(1)!.focus()
    key(tree, 'ArrowDown')
    await nextTick()
    expect(focused()).toBe(2)

    // ArrowLeft closes CONSULAR, ArrowDown then skips LEGAL
    key(tree, 'ArrowLeft')
    await nextTick()
    expect(item(2)?.getAttribute('aria-expanded')).toBe('false')
    key(tree, 'ArrowDown')
    await nextTick()
    expect(focused()).toBe(4)

    // ArrowLeft on a leaf goes to the parent; Enter selects
    key(tree, 'ArrowLeft')
    await nextTick()
    expect(focused()).toBe(1)
    key(tree, 'Enter')
    expect(wrapper.emitted('select')).toEqual([[1]])
  })
})
