/**
 * Account settings: region settings (service opt-in and full-management preference per resource
 * type, per account and region), global settings (cross-account backup and friends, per
 * account), and the supported resource types. Other domains ask `isOptedIn` and
 * `globalSetting`.
 */
import { detailDate, eventBridgeEvent } from '../common/events.js';
import type { DescribeGlobalSettingsOutput, DescribeRegionSettingsOutput } from '@aws-sdk/client-backup';
import { invalidParameter, missingParameter } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import type { Handlers } from '../registry.js';
import {
  DEFAULT_MANAGEMENT,
  DEFAULT_OPT_IN,
  isRegionSettingResourceType,
  MANAGEABLE_RESOURCE_TYPES,
  REGION_SETTING_RESOURCE_TYPES,
  SUPPORTED_RESOURCE_TYPES,
} from './resource-types.js';

interface RegionSettingsRecord {
  optIn: Record<string, boolean>;
  management: Record<string, boolean>;
}

interface GlobalSettingsRecord {
  settings: Record<string, string>;
  /** Epoch ms. */
  lastUpdateTime: number;
}

export const GLOBAL_SETTING_NAMES = ['isCrossAccountBackupEnabled', 'isMpaEnabled', 'isDelegatedAdministratorEnabled'] as const;
export type GlobalSettingName = (typeof GLOBAL_SETTING_NAMES)[number];
const DEFAULT_GLOBAL: Readonly<Record<GlobalSettingName, string>> = {
  isCrossAccountBackupEnabled: 'false',
  isMpaEnabled: 'false',
  isDelegatedAdministratorEnabled: 'false',
};

const SETTINGS_ID = 'settings';
/** Global settings belong to the account, not to a region: they are kept under this region key. */
const ALL_REGIONS = '*';

export class SettingsService {
  private readonly regionSettings;
  private readonly globalSettings;

  constructor(private readonly deps: ServiceDeps) {
    this.regionSettings = deps.store.docs<RegionSettingsRecord>('region-settings');
    this.globalSettings = deps.store.docs<GlobalSettingsRecord>('global-settings');
  }

  private async region(scope: Scope): Promise<RegionSettingsRecord> {
    const stored = await this.regionSettings.get(scope, SETTINGS_ID);
    return {
      optIn: { ...DEFAULT_OPT_IN, ...stored?.optIn },
      management: { ...DEFAULT_MANAGEMENT, ...stored?.management },
    };
  }

  /** Whether the account has opted into AWS Backup protecting `resourceType` in the region. */
  async isOptedIn(scope: Scope, resourceType: string): Promise<boolean> {
    return (await this.region(scope)).optIn[resourceType] === true;
  }

  /** Whether AWS Backup fully manages backups of `resourceType` in the region. */
  async isFullyManaged(scope: Scope, resourceType: string): Promise<boolean> {
    return (await this.region(scope)).management[resourceType] === true;
  }

  /** A global setting of the account ("true" or "false"). */
  async globalSetting(accountId: string, name: GlobalSettingName): Promise<string> {
    const stored = await this.globalSettings.get({ accountId, region: ALL_REGIONS }, SETTINGS_ID);
    return stored?.settings[name] ?? DEFAULT_GLOBAL[name];
  }

  handlers(): Handlers {
    return {
      GetSupportedResourceTypes: async () => ({ ResourceTypes: [...SUPPORTED_RESOURCE_TYPES] }),

      DescribeRegionSettings: async (_input, ctx): Promise<DescribeRegionSettingsOutput> => {
        const settings = await this.region(ctx);
        return { ResourceTypeOptInPreference: settings.optIn, ResourceTypeManagementPreference: settings.management };
      },

      UpdateRegionSettings: async (input, ctx) => {
        if (input.ResourceTypeOptInPreference === undefined && input.ResourceTypeManagementPreference === undefined) {
          throw missingParameter('Give ResourceTypeOptInPreference, ResourceTypeManagementPreference or both.');
        }
        const optIn = input.ResourceTypeOptInPreference ?? {};
        const management = input.ResourceTypeManagementPreference ?? {};
        for (const type of Object.keys(optIn)) {
          if (!isRegionSettingResourceType(type)) {
            throw invalidParameter(`Unsupported resource type '${type}' in ResourceTypeOptInPreference. Supported: ${REGION_SETTING_RESOURCE_TYPES.join(', ')}.`);
          }
        }
        for (const type of Object.keys(management)) {
          if (!MANAGEABLE_RESOURCE_TYPES.has(type)) {
            throw invalidParameter(
              `Resource type '${type}' in ResourceTypeManagementPreference does not support full AWS Backup management. Valid: ${[...MANAGEABLE_RESOURCE_TYPES].join(', ')}.`,
            );
          }
        }
        await this.deps.store.atomically(async () => {
          const stored = (await this.regionSettings.get(ctx, SETTINGS_ID)) ?? { optIn: {}, management: {} };
          await this.regionSettings.put(ctx, SETTINGS_ID, {
            optIn: { ...stored.optIn, ...optIn },
            management: { ...stored.management, ...management },
          });
          // AWS's sample names the preferences the call changed.
          const at = ctx.now.getTime();
          const detail = {
            modifiedAt: detailDate(at),
            ResourceTypeOptInPreference: input.ResourceTypeOptInPreference,
            ResourceTypeManagementPreference: input.ResourceTypeManagementPreference,
            state: 'MODIFIED',
          };
          await this.deps.events.emit([eventBridgeEvent(ctx, 'Region Setting State Change', at, [], detail, `region-settings:${ctx.accountId}:${ctx.region}`)]);
        });
        return {};
      },

      DescribeGlobalSettings: async (_input, ctx): Promise<DescribeGlobalSettingsOutput> => {
        // Holdfast has no AWS Organizations: every account acts as its own management account.
        const stored = await this.globalSettings.get({ accountId: ctx.accountId, region: ALL_REGIONS }, SETTINGS_ID);
        return {
          GlobalSettings: { ...DEFAULT_GLOBAL, ...stored?.settings },
          LastUpdateTime: stored ? new Date(stored.lastUpdateTime) : undefined,
        };
      },

      UpdateGlobalSettings: async (input, ctx) => {
        const given = input.GlobalSettings;
        if (given === undefined || Object.keys(given).length === 0) {
          throw missingParameter('Missing required parameter: GlobalSettings must name at least one setting.');
        }
        const names = new Set<string>(GLOBAL_SETTING_NAMES);
        for (const [name, value] of Object.entries(given)) {
          if (!names.has(name)) throw invalidParameter(`Unknown global setting '${name}'. Valid: ${GLOBAL_SETTING_NAMES.join(', ')}.`);
          if (value !== 'true' && value !== 'false') throw invalidParameter(`Global setting ${name} must be "true" or "false"; got '${value}'.`);
        }
        const scope = { accountId: ctx.accountId, region: ALL_REGIONS };
        await this.deps.store.atomically(async () => {
          const stored = await this.globalSettings.get(scope, SETTINGS_ID);
          await this.globalSettings.put(scope, SETTINGS_ID, { settings: { ...stored?.settings, ...given }, lastUpdateTime: ctx.now.getTime() });
        });
        return {};
      },
    };
  }
}
