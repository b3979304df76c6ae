import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import SignInView from '../src/views/SignInView.vue'
import { fakeServer } from './support/fake_server'
import { mountInApp } from './support/mount'

describe('views/SignInView', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  async function submit(email: string, password: string) {
    const { wrapper } = mountInApp(SignInView)
    await wrapper.get('input[name="email"]').setValue(email)
    await wrapper.get('input[name="password"]').setValue(password)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    return wrapper
  }

  it('should say how long a throttled sign-in must wait', async () => {
    // given a server that blocks this email for 14 minutes and a bit
    document.cookie = 'XSRF-TOKEN=t; path=/'
    fakeServer({
      'POST /api/auth/login': () => ({
        status: 429,
        body: {
          errors: [{ message: 'Too many', code: 'E_TOO_MANY_REQUESTS', retryAfterSeconds: 850 }],
        },
      }),
    })

    // when
    const wrapper = await submit('leader@demo.senflow.local', 'wrong')

    // then
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.'
    )
  })

  it('should show the API field errors next to the fields, not above the form', async () => {
    document.cookie = 'XSRF-TOKEN=t; path=/'
    fakeServer({
      'POST /api/auth/login': () => ({
        status: 422,
        body: {
          errors: [
            {
              message: 'The email field must be a valid email address',
              field: 'email',
              code: 'E_VALIDATION_ERROR',
              rule: 'email',
            },
          ],
        },
      }),
    })

    const wrapper = await submit('not-an-email', 'x')

    const email = wrapper.get('input[name="email"]')
    expect(email.attributes('aria-invalid')).toBe('true')
    const describedBy = email.attributes('aria-describedby')!
    expect(document.getElementById(describedBy)?.textContent?.trim()).toBe(
      'Địa chỉ email không hợp lệ.'
    )
    expect(wrapper.find('[data-test="sign-in-error"]').exists()).toBe(false)
  })

  it('should check for empty fields before asking the server', async () => {
    const server = fakeServer()

    const wrapper = await submit('', '')

    expect(server.requests).toHaveLength(0)
    expect(wrapper.findAll('.field__error').map((error) => error.text())).toEqual([
      'Trường này là bắt buộc.',
      'Trường này là bắt buộc.',
    ])
    expect(document.activeElement).toBe(wrapper.get('input[name="email"]').element)
  })
})
