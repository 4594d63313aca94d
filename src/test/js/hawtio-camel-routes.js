// Hawtio's Camel routes page in headless Chromium (HawtioConsoleTest): the connection to the app's Jolokia and
// the user's credentials are put where Hawtio's Connect page keeps them, then the page is opened; prints the
// routes table's text. Arguments: Hawtio's base URL, the agent's port, user, password, a screenshot path.
const { chromium } = require('playwright-core');

const [hawtio, port, user, password, screenshot] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.addInitScript(([agentPort, name, secret]) => {
      localStorage.setItem('connect.connections', JSON.stringify({
        app: { name: 'app', scheme: 'http', host: 'localhost', port: Number(agentPort), path: '/jolokia' },
      }));
      sessionStorage.setItem('connect.credentials', JSON.stringify({ username: name, password: secret }));
    }, [port, user, password]);
    await page.goto(`${hawtio}/hawtio/camel?con=app`);
    try {
      // the context's routes folder in the Camel tree opens the routes table
      await page.getByText('routes', { exact: true }).first().click({ timeout: 60000 });
      const table = page.locator('table').filter({ hasText: 'plant-ingest' }).first();
      await table.waitFor({ timeout: 60000 });
      console.log((await table.innerText()).replace(/\s+/g, ' '));
    } finally {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
