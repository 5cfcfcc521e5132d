// The login page: posts the credentials as JSON; the gateway answers with an HttpOnly, SameSite=Strict session
// cookie, then the UI opens.
const form = document.getElementById('login');
const error = document.getElementById('login-error');
const submit = document.getElementById('login-submit');

form.addEventListener('submit', async event => {
  event.preventDefault();
  error.textContent = '';
  submit.disabled = true;
  try {
    const response = await fetch(location.origin + '/ui/login', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'jfaas-ui' },
      body: JSON.stringify({
        user: document.getElementById('login-user').value,
        password: document.getElementById('login-password').value,
      }),
    });
    if (response.ok) {
      // back to the page the session ended on, if it ended on one
      const back = sessionStorage.getItem('jfaas-return') || '';
      sessionStorage.removeItem('jfaas-return');
      location.replace(location.origin + '/ui/' + (back.startsWith('#/') ? back : ''));
      return;
    }
    error.textContent = response.status === 401 ? 'Wrong user or password.'
      : (await response.text()).trim() || `${response.status} ${response.statusText}`;
  } catch (e) {
    error.textContent = `Cannot reach the gateway: ${e.message}`;
  } finally {
    submit.disabled = false;
  }
});
