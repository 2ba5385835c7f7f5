// The target schema is plain data the console's designer needs too, so it lives in shared/.
export * from '../../../../shared/connectors/tascomi-schema';
