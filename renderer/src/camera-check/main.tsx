import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CameraCheck } from './CameraCheck';
import '../styles.css';
import './camera-check.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <CameraCheck />
  </StrictMode>,
);
