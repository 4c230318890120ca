// The renderer's only window on the core: the contract's types, never its code.
export type {
  AppInfo,
  CallErrorCode,
  CallOutcome,
  DeviceStatusView,
  EventName,
  EventPayload,
  KioskBridge,
  Language,
  MessagePortLike,
  MethodName,
  Params,
  Result,
  SessionCommand,
  SessionSnapshot,
  WireCall,
  WireToRenderer,
} from '../../core/contract';
