/** The camera preview with the face box and quality readings: the technicians' camera check, as is. */
import { CameraCheck } from '../camera-check/CameraCheck';
import '../camera-check/camera-check.css';

export function CameraTab() {
  return <CameraCheck />;
}
