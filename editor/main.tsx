import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HomePage } from './home-page';
import { startI18n } from './i18n/index';
import { ReportPage } from './report/report-page';
import './styles.css';

/** Two pages: `/` explains Accord and opens the demo; `/r/:room#token=…` is a report. */
function App() {
  const match = /^\/r\/([A-Za-z0-9_-]{1,64})\/?$/.exec(window.location.pathname);
  return match ? <ReportPage room={match[1]!} /> : <HomePage />;
}

startI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
