/** The address forms live in rules/ so that the centre writes them as the kiosk does. */
export * from '../../rules/address-format';
