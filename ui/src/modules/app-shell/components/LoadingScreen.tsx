import { LogoMark } from '../../../ui/LogoMark';
import { Spinner } from '../../../ui/Spinner';

export const LoadingScreen = () => (
  <main className="loading-screen">
    <LogoMark size={32} />
    <Spinner label="Opening your workspace…" />
  </main>
);
