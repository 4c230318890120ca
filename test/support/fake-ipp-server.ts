/**
 * Scripted IPP servers for unit tests of the IPP client and the laser driver. The server
 * itself lives in hardware/laser/ipp-server.ts, where the laser emulator is built on it.
 */
import { startIppServer, type IppHandler, type IppServer } from '../../hardware/laser/ipp-server';

export { answerIpp, type IppHandler, type ReceivedIpp } from '../../hardware/laser/ipp-server';

export type FakeIppServer = IppServer;

export function startFakeIppServer(handler: IppHandler): Promise<FakeIppServer> {
  return startIppServer(handler, { recordRequests: true });
}
