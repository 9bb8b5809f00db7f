__briefingSearch.add("text-16",{"prefix":"n","words":{"nations":[0,17],"nato":[4,12],"needs":[8],"negotiations":[16],"new":[0,8],"north":[4],"not":[0,4],"noted":[16],"now":[8,9]}});
