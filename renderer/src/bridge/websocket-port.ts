import type { MessagePortLike } from '../contract';

/** Opens the browser host's WebSocket with the launch token; resolves once connected. */
export function openWebSocketPort(url: string): Promise<MessagePortLike> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const opened = () => {
      socket.removeEventListener('error', failed);
      resolve({
        send: (text) => socket.send(text),
        onMessage: (listener) => socket.addEventListener('message', (event) => listener(String(event.data))),
        onClose: (listener) => socket.addEventListener('close', () => listener()),
        close: () => socket.close(),
      });
    };
    const failed = () => reject(new Error('the kiosk core refused the connection'));
    socket.addEventListener('open', opened, { once: true });
    socket.addEventListener('error', failed, { once: true });
  });
}
