import { sqliteStores } from '../test-support/stores';
import { apiSuite } from './api-suite';

apiSuite('SQLite', sqliteStores);
