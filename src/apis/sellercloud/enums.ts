/**
 * Sellercloud's enums as `integer value -> name` (the spec's `x-enum-varnames`; a test pins these
 * lists to specs/sellercloud.yaml). The update accepts either form; the store keeps names.
 */
const ORDER_SOURCE_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 12, ...range(15, 70), 72];
const ORDER_SOURCE_NAMES = [
  'Local_Store', 'eBayOrder', 'eBaySingleItem', 'Yahoo', 'Amazon', 'PriceGrabber', 'Website', 'Buy', 'NewEggMall',
  'Magento', 'QuickBooks', 'RMS', 'Cart32', 'Sears', 'FBA', 'Wholesale', 'Overstock', 'NewEggdotcom', 'Etsy', 'Bonanza',
  'PriceFalls', 'Wayfair', 'UnbeatableSale', 'VendorCentral', 'Hayneedle', 'SmartBargains', 'uBid', 'ATGStores',
  'StacksAndStacks', 'Sharkstores', 'BestBuy', 'Kohls', 'Staples', 'OneStopPlus', 'Meijer', 'Sonsi', 'Walmart', 'HSN',
  'NewEgg_Business', 'KMart', 'Wish', 'SPRichards', 'FingerHut', 'Groupon', 'Walmart_Marketplace', 'ShopHQ',
  'PriceMinister', 'GS', 'DrugStore', 'MercadoLibre', 'JET', 'ElevenMain', 'SearsVendor', 'Choxi', 'TradeMe', 'Tanga',
  'Target', 'GrouponMarketplace', 'Reverb', 'BedBathAndBeyond', 'Dropship_Central', 'DSW', 'Houzz', 'Gilt', 'BestBuyDS',
  'HomeDepot',
];
const ORDER_SUB_TYPE_NAMES = [
  'None', 'Sample', 'Charity', 'eBayGuaranteedDelivery', 'eBayLocalPickup', 'Same_Day_Delivery', 'GS', 'Prime',
  'FBA_Exchange', 'Amazon_Business', 'Amazon_Business_Prime', 'Second_Day', 'Wish_Express', 'SBN',
];
const CURRENCY_CODE_NAMES = ['USD', 'GBP', 'JPY', 'EUR', 'CAD', 'AUD', 'MXN', 'CNY', 'CHF', 'NZD', 'SEK', 'INR'];

export type SellercloudEnum = 'OrderSource' | 'OrderSubType' | 'CurrencyCode';

export const enumValues: Record<SellercloudEnum, ReadonlyMap<number, string>> = {
  OrderSource: zip(ORDER_SOURCE_VALUES, ORDER_SOURCE_NAMES),
  OrderSubType: zip(range(0, ORDER_SUB_TYPE_NAMES.length - 1), ORDER_SUB_TYPE_NAMES),
  CurrencyCode: zip(range(0, CURRENCY_CODE_NAMES.length - 1), CURRENCY_CODE_NAMES),
};

/** The stored name for a request value: names pass through, integers become their name. */
export function enumName(kind: SellercloudEnum, value: string | number): string {
  if (typeof value === 'string') return value;
  const name = enumValues[kind].get(value);
  // The schema only lets listed integers through, so a miss means the lists drifted from the spec.
  if (name === undefined) throw new Error(`${kind} ${value} has no name`);
  return name;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function zip(values: number[], names: string[]): ReadonlyMap<number, string> {
  if (values.length !== names.length) throw new Error('enum values and names differ in length');
  return new Map(values.map((v, i) => [v, names[i]]));
}
