export const IPC_CALL = 'kiosk:call';
export const IPC_EVENT = 'kiosk:event';
