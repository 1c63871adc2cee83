import type { CoreServices } from '../core/core-services.js'
import type { CommandHandlers } from '../command-handler.js'
import type { Couriers } from './couriers.js'

export type CourierCommandDeps = Pick<CoreServices, 'bus'> & { couriers: Pick<Couriers, 'carrying'> }

export function courierCommands ({ bus, couriers }: CourierCommandDeps): Pick<CommandHandlers, 'couriers'> {
  return {
    couriers: () => { bus.emit({ type: 'couriers', ...couriers.carrying() }) }
  }
}
