import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HomePage } from './home-page';
import { startI18n } from './i18n/index';
import { ReportPage } from './report/report-page';
import { registerServiceWorkerLater } from './service-worker';
import './styles.css';

/** Two pages: `/` explains Accord and opens the demo; `/r/:room#token=…` is a report. */
const REPORT_PATH = /^\/r\/([A-Za-z0-9_-]{1,64})\/?$/;

function App() {
  const match = REPORT_PATH.exec(window.location.pathname);
  return match ? <ReportPage room={match[1]!} /> : <HomePage />;
}

startI18n();
// The report page says when it has opened; any other page has at `load`.
registerServiceWorkerLater(!REPORT_PATH.test(window.location.pathname));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
