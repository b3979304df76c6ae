import { describe, expect, it } from 'vitest'
import { formPages, type FormSchema } from '@senflow/forms'
import { addPage, pageSchema } from '../../src/studio/form_wizard'

const APPLICATION: FormSchema = {
  type: 'default',
  components: [
    { type: 'textfield', id: 'name', key: 'name', label: 'Họ và tên' },
    { type: 'textfield', id: 'passport', key: 'passport', label: 'Số hộ chiếu' },
    { type: 'button', id: 'submit', action: 'submit', label: 'Gửi' },
  ],
}

describe('studio/form_wizard', () => {
  it('should turn a one-page form into a wizard whose first page holds the fields', () => {
    // when
    const wizard = addPage(APPLICATION, (number) => `Trang ${number}`)

    // then two pages, the button outside them (shown on every page)
    expect(formPages(wizard).map((page) => [page.id, page.title, page.keys])).toEqual([
      ['Page_1', 'Trang 1', ['name', 'passport']],
      ['Page_2', 'Trang 2', []],
    ])
    expect(wizard.components!.map((component) => component.id)).toEqual([
      'Page_1',
      'Page_2',
      'submit',
    ])
    expect(wizard.components![0].properties).toEqual({ page: 'true' })
  })

  it('should add later pages after the last one, with a free id', () => {
    const three = addPage(addPage(APPLICATION, String), String)

    expect(three.components!.map((component) => component.id)).toEqual([
      'Page_1',
      'Page_2',
      'Page_3',
      'submit',
    ])
  })

  it('should show one page and the components outside pages', () => {
    const wizard = addPage(APPLICATION, String)

    expect(pageSchema(wizard, 1).components!.map((component) => component.id)).toEqual([
      'Page_2',
      'submit',
    ])
    expect(pageSchema(APPLICATION, 0).components).toHaveLength(3)
  })
})
